"""The wheel built from setup.py installs the addon the way OCA addons are."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_addon_under_odoo_addons(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("odoo_addon_customer_success_sla-19.0.*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(
            archive.read(name).decode() for name in names if name.endswith(".dist-info/METADATA")
        )
    prefix = "odoo/addons/customer_success_sla/"
    for expected in ("__manifest__.py", "engine/priority_matrix.py", "models/cs_tier.py",
                     "security/ir.model.access.csv", "data/cs_tier_data.xml", "i18n/zh_CN.po"):
        assert prefix + expected in names, expected
    assert "Requires-Dist: odoo<19.1dev,>=19.0a" in metadata
    assert "Requires-Dist: odoo-addon-helpdesk-mgmt<19.1dev,>=19.0dev" in metadata
    assert "License: AGPL-3" in metadata
    # Odoo's own addons (portal_rating, im_livechat…) come with Odoo: only OCA addons are packages
    addon_requirements = {line.split()[1].split("<")[0].split(">")[0] for line in metadata.splitlines()
                          if line.startswith("Requires-Dist: odoo-addon-")}
    assert addon_requirements == {"odoo-addon-helpdesk-mgmt", "odoo-addon-helpdesk-mgmt-rating",
                                  "odoo-addon-helpdesk-ticket-partner-response"}
