import { registry } from "@web/core/registry";

/**
 * The KPI dashboard as a manager uses it: filter by a tier (two open tickets
 * and a solved one this month), change the period, read the charts, drill
 * down into the tickets behind a card.
 */
registry.category("web_tour.tours").add("customer_success_sla_kpi_dashboard", {
    steps: () => [
        {
            content: "The dashboard is a client action: no record to save or discard",
            trigger: ".o_cs_kpi_dashboard .o_cs_kpi_card[data-kpi='backlog']",
        },
        {
            content: "No form buttons",
            trigger: "body:not(:has(.o_form_button_save, .o_form_button_cancel))",
        },
        {
            content: "Filter by the customer tier",
            trigger: ".o_cs_kpi_tier input",
            run: "edit KPI Tour Tier",
        },
        {
            content: "Pick the tier",
            trigger: ".o-autocomplete--dropdown-item a:contains(KPI Tour Tier)",
            run: "click",
        },
        {
            content: "The backlog of the tier: a whole number",
            trigger: ".o_cs_kpi_card[data-kpi='backlog'] .o_cs_kpi_value:text(2)",
        },
        {
            content: "One of the tier's two solved tickets was reopened",
            trigger: ".o_cs_kpi_card[data-kpi='repeat_rate'] .o_cs_kpi_value:text(50.0 %)",
        },
        {
            content: "A problem hit two of the tier's tickets this month",
            trigger: ".o_cs_kpi_problem_card[data-kpi='problems_opened'] .o_cs_kpi_value:text(1)",
        },
        {
            content: "Tickets per problem read with one decimal",
            trigger: ".o_cs_kpi_problem_card[data-kpi='tickets_per_problem'] .o_cs_kpi_value:text(2.0)",
        },
        {
            content: "Not identified yet: no time to identify",
            trigger: ".o_cs_kpi_problem_card[data-kpi='problem_identify_hours'] .o_cs_kpi_value:text(No data)",
        },
        {
            content: "The trend chart is drawn",
            trigger: "canvas.o_cs_kpi_trend_chart[style*='display: block']",
        },
        {
            content: "and the tickets created by week",
            trigger: "canvas.o_cs_kpi_tickets_chart[style*='display: block']",
        },
        {
            content: "Show another KPI's trend",
            trigger: ".o_cs_kpi_trend_select",
            run: "select repeat_rate",
        },
        {
            content: "Last month: nothing created then",
            trigger: ".o_cs_kpi_period",
            run: "select last_month",
        },
        {
            content: "No data, not zero",
            trigger: ".o_cs_kpi_card[data-kpi='repeat_rate'] .o_cs_kpi_value:text(No data)",
        },
        {
            content: "Back to this month",
            trigger: ".o_cs_kpi_period",
            run: "select this_month",
        },
        {
            content: "Drill down into the solved tickets behind the repeat rate",
            trigger: ".o_cs_kpi_card[data-kpi='repeat_rate']:has(.o_cs_kpi_value:text(50.0 %))",
            run: "click",
        },
        {
            content: "The tier's solved tickets, by reopened or not",
            trigger: ".o_list_view .o_group_header:count(2)",
        },
        {
            content: "The grouping is named in the search bar",
            trigger: ".o_searchview .o_facet_value:contains(Reopened)",
        },
        {
            content: "under the KPI's name",
            trigger: ".o_breadcrumb .active:contains(Repeat Tickets)",
        },
    ],
});
