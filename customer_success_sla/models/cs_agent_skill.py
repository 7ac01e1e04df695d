from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.routing import LEVELS

SKILL_LEVEL_SELECTION = [
    ("junior", "Junior"),
    ("intermediate", "Intermediate"),
    ("senior", "Senior"),
    ("expert", "Expert"),
]
assert tuple(key for key, _label in SKILL_LEVEL_SELECTION) == LEVELS


class CsAgentSkill(models.Model):
    """An agent's certified skill: a ticket category and/or a tag, at a level."""

    _name = "cs.agent.skill"
    _description = "Agent Skill"
    _order = "user_id, category_id, tag_id"

    user_id = fields.Many2one(
        "res.users", string="Agent", required=True, ondelete="cascade", index=True,
        domain=[("share", "=", False)],
    )
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", index="btree_not_null")
    tag_id = fields.Many2one("helpdesk.ticket.tag", string="Tag", index="btree_not_null")
    level = fields.Selection(SKILL_LEVEL_SELECTION, required=True, default="junior")
    de_escalation = fields.Boolean(
        string="De-escalation",
        help="Good at calming upset customers: tickets whose customer is negative go to such agents first "
             "(teams with emotion-aware routing).")

    _skill_unique = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (user_id, category_id, tag_id)",
        "This agent already has this skill: change its level instead.",
    )

    @api.constrains("user_id", "category_id", "tag_id", "level", "de_escalation")
    def _check_category_or_tag(self):
        for skill in self:
            if not skill.category_id and not skill.tag_id and not skill.de_escalation:
                raise ValidationError(self.env._(
                    "A skill names a ticket category, a tag, or both, or is the de-escalation skill."))

    @api.depends("category_id", "tag_id", "level")
    def _compute_display_name(self):
        levels = dict(self._fields["level"]._description_selection(self.env))
        for skill in self:
            subject = " / ".join(filter(None, [
                skill.category_id.display_name, skill.tag_id.display_name,
                self.env._("De-escalation") if skill.de_escalation else None]))
            skill.display_name = f"{subject} ({levels.get(skill.level, '')})"
