from odoo import fields, models


class CsKnowledgeTag(models.Model):
    """A label on knowledge articles (product, module, topic)."""

    _name = "cs.knowledge.tag"
    _description = "Knowledge Article Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _name_unique = models.Constraint("UNIQUE(name)", "A tag with this name already exists.")
