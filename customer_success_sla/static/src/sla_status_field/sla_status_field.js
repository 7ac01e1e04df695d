import { Component, useEffect, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/** How often the countdown is redrawn; it is also redrawn at the deadline. */
export const REFRESH_MS = 30000;
/** Longer delays overflow setTimeout (about 24.8 days): the 30 s refresh covers those. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** Stored statuses whose deadline still counts down on screen. */
const COUNTING = ["on_track", "at_risk"];
const BADGE_CLASSES = {
    on_track: "text-bg-success",
    met: "text-bg-success",
    at_risk: "text-bg-warning",
    breached: "text-bg-danger",
    paused: "text-bg-info",
};

/**
 * A ticket's SLA status badge that counts down to its deadline on screen.
 *
 * The server flags breaches every few minutes (the sweep); an agent looking
 * at a list must not see "On Track" for a ticket whose deadline has just
 * passed. The badge reads "Breached" the moment the deadline passes, and
 * shows the time left until then.
 */
export class SlaStatusField extends Component {
    static template = "customer_success_sla.SlaStatusField";
    static props = {
        ...standardFieldProps,
        deadlineField: { type: String, optional: true },
        hiddenStatuses: { type: Array, optional: true },
        countdown: { type: Boolean, optional: true },
    };
    static defaultProps = {
        deadlineField: "cs_sla_deadline",
        hiddenStatuses: ["none"],
        countdown: true,
    };

    setup() {
        this.state = useState({ now: luxon.DateTime.now() });
        useEffect(
            (deadlineMillis, counting) => {
                if (!deadlineMillis || !counting) {
                    return;
                }
                const tick = () => {
                    this.state.now = luxon.DateTime.now();
                };
                // the countdown every 30 s, and the badge right at the deadline
                const interval = browser.setInterval(tick, REFRESH_MS);
                const untilDeadline = deadlineMillis - Date.now();
                const atDeadline =
                    untilDeadline > 0 && untilDeadline < MAX_TIMEOUT_MS
                        ? browser.setTimeout(tick, untilDeadline + 50)
                        : null;
                return () => {
                    browser.clearInterval(interval);
                    browser.clearTimeout(atDeadline);
                };
            },
            () => [this.deadline?.toMillis(), this.isCounting]
        );
    }

    get storedStatus() {
        return this.props.record.data[this.props.name];
    }

    get deadline() {
        return this.props.record.data[this.props.deadlineField] || null;
    }

    get isCounting() {
        return COUNTING.includes(this.storedStatus) && Boolean(this.deadline);
    }

    get isOverdue() {
        return this.isCounting && this.deadline <= this.state.now;
    }

    /** The status as of now: the stored one, or breached once the deadline passed. */
    get status() {
        return this.isOverdue ? "breached" : this.storedStatus;
    }

    get label() {
        const selection = this.props.record.fields[this.props.name].selection || [];
        const option = selection.find(([value]) => value === this.status);
        return option ? option[1] : this.status;
    }

    get badgeClass() {
        return BADGE_CLASSES[this.status] || "text-bg-300";
    }

    get remaining() {
        if (!this.props.countdown || !this.isCounting || this.isOverdue) {
            return "";
        }
        return this.deadline.toRelative({ base: this.state.now, style: "narrow" });
    }

    get title() {
        if (!this.deadline || !COUNTING.includes(this.storedStatus)) {
            return "";
        }
        return _t("SLA deadline: %(deadline)s", { deadline: formatDateTime(this.deadline) });
    }

    get isVisible() {
        return Boolean(this.status) && !this.props.hiddenStatuses.includes(this.status);
    }
}

export const slaStatusField = {
    component: SlaStatusField,
    displayName: _t("SLA Status with Countdown"),
    supportedTypes: ["selection"],
    fieldDependencies: [{ name: "cs_sla_deadline", type: "datetime" }],
    extractProps: ({ options }) => ({
        hiddenStatuses: options.hidden_statuses,
        countdown: options.countdown,
    }),
};

registry.category("fields").add("cs_sla_status", slaStatusField);
