import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getColor, hexToRGBA } from "@web/core/colors/colors";
import { DateTimeInput } from "@web/core/datetime/datetime_input";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, formatDate, serializeDate } from "@web/core/l10n/dates";
import { RecordSelector } from "@web/core/record_selectors/record_selector";
import { registry } from "@web/core/registry";
import { KeepLast } from "@web/core/utils/concurrency";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatFloatTime, formatInteger } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const MODEL = "cs.kpi.dashboard";

/**
 * A KPI value as managers read it: durations as h:mm, rates in %, CSAT on
 * its 1-5 scale, counts as whole numbers.
 */
export function formatKpiValue(unit, value) {
    switch (unit) {
        case "minutes":
            return formatFloatTime(value / 60, { noLeadingZeroHour: true });
        case "hours":
            return formatFloatTime(value, { noLeadingZeroHour: true });
        case "percent":
            return `${formatFloat(value, { digits: [16, 1] })} %`;
        case "csat":
            return formatFloat(value, { digits: [16, 2] });
        case "ratio":
            return formatFloat(value, { digits: [16, 1] });
        default:
            return formatInteger(Math.round(value));
    }
}

/** A change between periods, signed; rates change by percentage points. */
export function formatKpiChange(unit, change) {
    const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
    const size = Math.abs(change);
    if (unit === "percent") {
        return _t("%(sign)s%(points)s pts", { sign, points: formatFloat(size, { digits: [16, 1] }) });
    }
    return sign + formatKpiValue(unit, size);
}

export class KpiDashboard extends Component {
    static template = "customer_success_sla.KpiDashboard";
    static components = { Layout, DateTimeInput, RecordSelector };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.keepLast = new KeepLast();
        this.trendCanvas = useRef("trendCanvas");
        this.ticketsCanvas = useRef("ticketsCanvas");
        this.charts = [];
        this.periods = [
            ["this_month", _t("This month")],
            ["last_month", _t("Last month")],
            ["this_quarter", _t("This quarter")],
            ["last_quarter", _t("Last quarter")],
            ["this_year", _t("This year")],
            ["custom", _t("Custom dates")],
        ];
        this.state = useState({
            filters: {
                period: "this_month",
                date_from: false,
                date_to: false,
                team_id: false,
                cs_tier_id: false,
                user_id: false,
            },
            trend: "first_response_minutes",
            data: null,
            datesInOrder: true,
        });
        onWillStart(async () => {
            await Promise.all([loadBundle("web.chartjs_lib"), this.load()]);
        });
        useEffect(
            () => {
                this.renderCharts();
            },
            () => [this.state.data, this.state.trend]
        );
        onWillUnmount(() => this.destroyCharts());
    }

    get display() {
        return { controlPanel: {} };
    }

    get serverFilters() {
        const filters = { ...this.state.filters };
        filters.date_from = filters.date_from ? serializeDate(filters.date_from) : false;
        filters.date_to = filters.date_to ? serializeDate(filters.date_to) : false;
        return filters;
    }

    async load() {
        const { date_from, date_to, period } = this.state.filters;
        this.state.datesInOrder = period !== "custom" || date_from <= date_to;
        if (!this.state.datesInOrder) {
            return;
        }
        this.state.data = await this.keepLast.add(
            this.orm.call(MODEL, "get_dashboard_data", [this.serverFilters])
        );
    }

    // Filters

    onPeriodChange(ev) {
        const period = ev.target.value;
        if (period === "custom" && this.state.data) {
            // start from the dates on screen
            this.state.filters.date_from = deserializeDate(this.state.data.date_from);
            this.state.filters.date_to = deserializeDate(this.state.data.date_to);
        }
        this.state.filters.period = period;
        this.load();
    }

    setDate(name, value) {
        this.state.filters[name] = value || false;
        if (this.state.filters.date_from && this.state.filters.date_to) {
            this.load();
        }
    }

    setRecord(name, resId) {
        this.state.filters[name] = resId || false;
        this.load();
    }

    // What the template shows

    get periodLabel() {
        const data = this.state.data;
        return _t("%(from)s – %(to)s, compared with %(previous_from)s – %(previous_to)s", {
            from: formatDate(deserializeDate(data.date_from)),
            to: formatDate(deserializeDate(data.date_to)),
            previous_from: formatDate(deserializeDate(data.previous_from)),
            previous_to: formatDate(deserializeDate(data.previous_to)),
        });
    }

    get trendKpis() {
        return this.state.data.kpis.filter((kpi) => kpi.has_trend);
    }

    get trendKpi() {
        return this.state.data.kpis.find((kpi) => kpi.code === this.state.trend);
    }

    hasValue(value) {
        return value !== null && value !== undefined;
    }

    format(kpi, value) {
        return this.hasValue(value) ? formatKpiValue(kpi.unit, value) : _t("No data");
    }

    targetLabel(kpi) {
        return _t("Target: %(value)s", { value: this.format(kpi, kpi.target) });
    }

    previousLabel(kpi) {
        return _t("Previous period: %(value)s", { value: this.format(kpi, kpi.previous) });
    }

    formatChange(kpi) {
        return formatKpiChange(kpi.unit, kpi.change);
    }

    statusLabel(kpi) {
        return { on: _t("On target"), off: _t("Off target"), none: _t("No data") }[kpi.status];
    }

    statusClass(kpi) {
        return { on: "success", off: "danger", none: "secondary" }[kpi.status];
    }

    changeClass(kpi) {
        if (!kpi.change || kpi.direction === "none") {
            return "text-muted";
        }
        const better = kpi.direction === "above" ? kpi.change > 0 : kpi.change < 0;
        return better ? "text-success" : "text-danger";
    }

    changeIcon(kpi) {
        return kpi.change > 0 ? "fa-arrow-up" : kpi.change < 0 ? "fa-arrow-down" : "fa-arrows-h";
    }

    cardTitle(kpi) {
        return kpi.has_trend
            ? _t("Open the tickets behind this figure")
            : _t("Open the open tickets by age");
    }

    get problemCards() {
        return this.state.data.problems || [];
    }

    problemTitle() {
        return _t("Open the problems behind this figure");
    }

    // Drill-down

    onCardKeydown(ev, kpi) {
        if (ev.key === "Enter") {
            this.open(kpi.code);
        }
    }

    /** The monthly review report of the period and filters on screen, as a
     * preview (rendered by a read-only route: on a replica when there is one). */
    openReview() {
        return this.action.doAction({
            type: "ir.actions.report",
            report_type: "qweb-html",
            report_name: "customer_success_sla.report_cs_monthly_review",
            name: _t("Service review"),
            data: this.serverFilters,
        });
    }

    async open(code) {
        const action = await this.orm.call(MODEL, "get_kpi_action", [this.serverFilters, code]);
        return this.action.doAction(action);
    }

    // Charts

    weekLabel(week) {
        return deserializeDate(week).toLocaleString({ month: "short", day: "numeric" });
    }

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.state.data;
        if (!data || !this.trendCanvas.el) {
            return;
        }
        const labels = data.weeks.map((week) => this.weekLabel(week));
        const kpi = this.trendKpi;
        const scheme = cookie.get("color_scheme");
        const color = getColor(0, scheme, "sm");
        const tickFormat = (value) => formatKpiValue(kpi.unit, value);
        this.charts.push(
            new Chart(this.trendCanvas.el, {
                type: "line",
                data: {
                    labels,
                    datasets: [
                        {
                            label: kpi.name,
                            data: data.series[kpi.code],
                            borderColor: color,
                            backgroundColor: hexToRGBA(color, 0.2),
                            pointRadius: 4,
                            spanGaps: true,
                            tension: 0,
                        },
                        {
                            label: _t("Target"),
                            data: data.weeks.map(() => kpi.target),
                            borderColor: getColor(1, scheme, "sm"),
                            borderDash: [6, 4],
                            pointRadius: 0,
                            fill: false,
                        },
                    ],
                },
                options: {
                    maintainAspectRatio: false,
                    animation: false,
                    scales: {
                        y: { beginAtZero: true, ticks: { callback: tickFormat } },
                    },
                    plugins: {
                        legend: { position: "bottom" },
                        tooltip: {
                            callbacks: {
                                title: (items) =>
                                    _t("Week of %(week)s", { week: labels[items[0].dataIndex] }),
                                label: (item) => `${item.dataset.label}: ${tickFormat(item.raw)}`,
                            },
                        },
                    },
                },
            })
        );
        const barColor = getColor(2, scheme, "sm");
        this.charts.push(
            new Chart(this.ticketsCanvas.el, {
                type: "bar",
                data: {
                    labels,
                    datasets: [
                        {
                            label: _t("Tickets created"),
                            data: data.series.tickets,
                            backgroundColor: hexToRGBA(barColor, 0.6),
                            borderColor: barColor,
                        },
                    ],
                },
                options: {
                    maintainAspectRatio: false,
                    animation: false,
                    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
                    plugins: {
                        legend: { display: false },
                        tooltip: {
                            callbacks: {
                                title: (items) =>
                                    _t("Week of %(week)s", { week: labels[items[0].dataIndex] }),
                            },
                        },
                    },
                },
            })
        );
    }
}

registry.category("actions").add("customer_success_sla.kpi_dashboard", KpiDashboard);
