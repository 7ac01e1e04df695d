import { registry } from "@web/core/registry";

/**
 * From the KPI dashboard, the monthly review of the period on screen, as a
 * preview (the report's HTML, rendered by a read-only route).
 */
registry.category("web_tour.tours").add("customer_success_sla_kpi_review", {
    steps: () => [
        {
            content: "Last month",
            trigger: ".o_cs_kpi_dashboard .o_cs_kpi_period",
            run: "select last_month",
        },
        {
            content: "Preview its service review",
            trigger: ".o_cs_kpi_review",
            run: "click",
        },
        {
            content: "The review of the period, in the report preview",
            trigger: ".o_action iframe:iframe .page h2:contains(Service review)",
        },
        {
            content: "with its key figures",
            trigger: ".o_action iframe:iframe .page table.o_main_table tbody tr",
        },
    ],
});
