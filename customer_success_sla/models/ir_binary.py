from odoo import models
from odoo.exceptions import AccessError


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record(self, xmlid=None, res_model="ir.attachment", res_id=None, access_token=None, field=None):
        """Portal and public users reach attachments only by access token
        (stored or signed), which `/web/content` and `/web/image` honour
        without further checks: a token handed out before, or forwarded, must
        still not serve an internal note's file outside the company."""
        record = super()._find_record(xmlid=xmlid, res_model=res_model, res_id=res_id,
                                      access_token=access_token, field=field)
        if (record._name == "ir.attachment" and not self.env.user._is_internal()
                and record.sudo()._cs_internal_message_attachments()):
            raise AccessError(self.env._("Sorry, you are not allowed to access this document."))
        return record
