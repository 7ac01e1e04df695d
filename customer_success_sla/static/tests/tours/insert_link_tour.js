import { registry } from "@web/core/registry";

/** Insert Link on the ticket's Knowledge tab fills the chatter's reply box. */
registry.category("web_tour.tours").add("customer_success_sla_insert_link", {
    steps: () => [
        {
            content: "Open the Knowledge tab",
            trigger: ".o_notebook .nav-link[name='cs_knowledge']",
            run: "click",
        },
        {
            content: "Insert the link of the suggested article",
            trigger: ".o_field_widget[name='cs_suggested_article_ids'] button[name='action_cs_reply_with_article']",
            run: "click",
        },
        {
            content: "The Send message box is open",
            trigger: ".o-mail-Chatter-sendMessage.active",
        },
        {
            content: "with the article's link, worded for the customer",
            trigger: ".o-mail-Chatter .o-mail-Composer-input:value(/这篇文章应该能帮到您/):value(/help/)",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Chatter .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The customer's reply carries the link",
            trigger: ".o-mail-Chatter .o-mail-Message-body a[href*='/help/']",
        },
    ],
});
