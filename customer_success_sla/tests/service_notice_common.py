from datetime import datetime, timedelta

from odoo import Command

from .common import CustomerSuccessCase

NOW = datetime(2026, 3, 2, 8, 0)


class ServiceNoticeCase(CustomerSuccessCase):
    """Two VIP accounts (one Chinese main contact in Shanghai, one English
    account without main contact), a Core account and components."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.Notice = cls.env["cs.service.notice"]
        cls.Component = cls.env["cs.service.component"]
        cls.login, cls.api = cls.Component.create([{"name": "Login T"}, {"name": "API T"}])
        cls.vip_cn = cls._company("VIP CN", cs_tier_id=cls.tier_vip.id, email="it@vipcn.example")
        cls.vip_cn_main = cls.Partner.create({
            "name": "Main CN", "parent_id": cls.vip_cn.id, "email": "main@vipcn.example",
            "cs_admin_contact": True, "lang": "zh_CN", "tz": "Asia/Shanghai",
        })
        cls.vip_cn_other = cls.Partner.create({
            "name": "Other CN", "parent_id": cls.vip_cn.id, "email": "other@vipcn.example",
        })
        cls.vip_en = cls._company("VIP EN", cs_tier_id=cls.tier_vip.id, email="ops@vipen.example",
                                  lang="en_US", tz="Europe/London")
        cls.core = cls._company("Core Co", cs_tier_id=cls.tier_core.id, email="it@core.example")
        cls.core_main = cls.Partner.create({
            "name": "Main Core", "parent_id": cls.core.id, "email": "main@core.example", "cs_admin_contact": True,
        })

    @classmethod
    def _notice(cls, **values):
        return cls.Notice.create({
            "name": "Database upgrade", "body": "<p>Reports read-only</p>", "kind": "maintenance",
            "date_start": NOW + timedelta(minutes=45), "date_end": NOW + timedelta(hours=2),
            "component_ids": [Command.set(cls.api.ids)], **values,
        })

    def _mails(self, notice):
        return self.env["mail.mail"].sudo().search([("model", "=", "cs.service.notice"), ("res_id", "=", notice.id)])
