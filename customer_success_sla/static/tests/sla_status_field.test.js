import { expect, test } from "@odoo/hoot";
import { queryAllTexts } from "@odoo/hoot-dom";
import { advanceTime, animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { defineModels, fields, models, mountView } from "@web/../tests/web_test_helpers";

class Ticket extends models.Model {
    _name = "helpdesk.ticket";

    name = fields.Char();
    cs_sla_status = fields.Selection({
        selection: [
            ["none", "No SLA"],
            ["on_track", "On Track"],
            ["at_risk", "At Risk"],
            ["paused", "Paused"],
            ["breached", "Breached"],
            ["met", "Met"],
        ],
    });
    cs_sla_deadline = fields.Datetime();

    _records = [
        { id: 1, name: "due soon", cs_sla_status: "on_track", cs_sla_deadline: "2026-03-30 10:00:00" },
        { id: 2, name: "at risk", cs_sla_status: "at_risk", cs_sla_deadline: "2026-03-30 12:00:00" },
        { id: 3, name: "waiting", cs_sla_status: "paused", cs_sla_deadline: false },
        { id: 4, name: "done", cs_sla_status: "met", cs_sla_deadline: false },
        { id: 5, name: "late", cs_sla_status: "on_track", cs_sla_deadline: "2026-03-30 09:00:00" },
    ];
}
defineMailModels(); // the web client of a database with mail
defineModels([Ticket]);

const LIST = `<list><field name="name"/><field name="cs_sla_status" widget="cs_sla_status"/></list>`;

test("paused tickets read Paused; a deadline already passed reads Breached before the sweep", async () => {
    mockDate("2026-03-30 09:58:00", 0);
    await mountView({ type: "list", resModel: "helpdesk.ticket", arch: LIST });
    expect(queryAllTexts(".o_cs_sla_status .badge")).toEqual([
        "On Track",
        "At Risk",
        "Paused",
        "Met",
        "Breached",
    ]);
    expect(".o_data_row:eq(0) .o_cs_sla_countdown").toHaveText(/^in [12] min\.$/);
    expect(".o_data_row:eq(2) .o_cs_sla_countdown").toHaveCount(0);
});

test("the badge turns Breached the moment the deadline passes on screen", async () => {
    mockDate("2026-03-30 09:58:00", 0);
    await mountView({ type: "list", resModel: "helpdesk.ticket", arch: LIST });
    expect(".o_data_row:eq(0) .badge").toHaveText("On Track");
    await advanceTime(60000);
    await animationFrame();
    expect(".o_data_row:eq(0) .badge").toHaveText("On Track");
    expect(".o_data_row:eq(0) .o_cs_sla_countdown").toHaveText(/^in (1 min\.|\d+ sec\.)$/);
    await advanceTime(61000);
    await animationFrame();
    expect(".o_data_row:eq(0) .badge").toHaveText("Breached");
    expect(".o_data_row:eq(0) .badge").toHaveClass("text-bg-danger");
    expect(".o_data_row:eq(1) .badge").toHaveText("At Risk", { message: "its deadline is still ahead" });
});

test("kanban hides the statuses it is told to", async () => {
    mockDate("2026-03-30 09:58:00", 0);
    await mountView({
        type: "kanban",
        resModel: "helpdesk.ticket",
        arch: `<kanban><templates><t t-name="card">
            <field name="name"/>
            <field name="cs_sla_status" widget="cs_sla_status" options="{'hidden_statuses': ['none', 'met']}"/>
        </t></templates></kanban>`,
    });
    expect(queryAllTexts(".o_cs_sla_status .badge")).toEqual(["On Track", "At Risk", "Paused", "Breached"]);
});
