"""Package customer_success_sla as an Odoo addon wheel, the way OCA does:
the addon lands in ``odoo/addons/customer_success_sla`` and the wheel
requires Odoo 19.0 and OCA helpdesk_mgmt 19.0.

    python3 -m pip wheel --no-deps -w dist .
"""

import ast
from pathlib import Path

from setuptools import setup

ADDON = "customer_success_sla"
HERE = Path(__file__).resolve().parent
MANIFEST = ast.literal_eval((HERE / ADDON / "__manifest__.py").read_text())
PYTHON_DEPENDS = MANIFEST.get("external_dependencies", {}).get("python", [])


def addon_data_files():
    """Every non-Python file of the addon (views, data, i18n, static…)."""
    return sorted(
        str(path.relative_to(HERE / ADDON))
        for path in (HERE / ADDON).rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    )


# Addons that Odoo itself ships; every other dependency is an OCA package.
ODOO_CORE_ADDONS = {"base", "web", "mail", "portal", "portal_rating", "resource", "crm", "rating", "survey", "im_livechat",
                    "project"}


def odoo_addon_dependencies():
    """OCA convention: each non-core addon dependency is a package requirement."""
    return [
        f"odoo-addon-{name}>=19.0dev,<19.1dev" for name in MANIFEST["depends"] if name not in ODOO_CORE_ADDONS
    ]


packages = [f"odoo.addons.{ADDON}"] + [
    f"odoo.addons.{ADDON}.{'.'.join(path.relative_to(HERE / ADDON).parent.parts)}"
    for path in sorted((HERE / ADDON).rglob("__init__.py"))
    if path.parent != HERE / ADDON
]

setup(
    name=f"odoo-addon-{ADDON}",
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3",
    author=MANIFEST["author"],
    url=MANIFEST["website"],
    python_requires=">=3.10",
    packages=packages,
    package_dir={f"odoo.addons.{ADDON}": ADDON},
    package_data={f"odoo.addons.{ADDON}": addon_data_files()},
    install_requires=["odoo>=19.0a,<19.1dev", *odoo_addon_dependencies(), *PYTHON_DEPENDS],
    classifiers=[
        "Programming Language :: Python",
        "Framework :: Odoo",
        "Framework :: Odoo :: 19.0",
        "License :: OSI Approved :: GNU Affero General Public License v3",
    ],
)
