import { Chatter } from "@mail/chatter/web_portal/chatter";
import { registry } from "@web/core/registry";
import { useBus } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";

export const REPLY_WITH_EVENT = "customer_success_sla:reply-with";

/**
 * Client action "customer_success_sla.reply_with" (params: model, res_id,
 * text): the record's chatter opens its Send message box, to the record's
 * followers, with ``text`` added for the agent to complete and send (its
 * web addresses become links when the message is posted).
 */
registry.category("actions").add("customer_success_sla.reply_with", (env, action) => {
    env.bus.trigger(REPLY_WITH_EVENT, action.params);
});

patch(Chatter.prototype, {
    setup() {
        super.setup(...arguments);
        useBus(this.env.bus, REPLY_WITH_EVENT, ({ detail }) => this.csReplyWith(detail));
    },

    csReplyWith({ model, res_id, text }) {
        if (model !== this.props.threadModel || res_id !== this.props.threadId || !this.state.thread) {
            return;
        }
        const composer = this.state.thread.composer;
        const current = composer.composerText.trimEnd();
        composer.composerText = current ? `${current}\n${text}` : text;
        this.toggleComposer("message", { force: true });
    },
});
