#!/usr/bin/env python3
"""Re-export the addon's .pot from a database with the addon (and its demo
data) installed and up to date, merge it into i18n/zh_CN.po, and list the
entries that still need a translation:

    python3 tools/update_i18n.py cs_demo
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "customer_success_sla" / "i18n"


def main(database):
    subprocess.run(
        [sys.executable, "-m", "odoo", f"--addons-path={ROOT}", "i18n", "export", "-d", database,
         "-l", "pot", "--", "customer_success_sla"],
        check=True,
    )
    template = polib.pofile(str(I18N / "customer_success_sla.pot"))
    chinese = polib.pofile(str(I18N / "zh_CN.po"))
    chinese.merge(template)
    for entry in chinese.obsolete_entries():
        chinese.remove(entry)
    chinese.save()
    missing = chinese.untranslated_entries() + chinese.fuzzy_entries()
    for entry in missing:
        print(f"untranslated: {entry.msgid!r}")
    print(f"{len(chinese)} entries, {len(missing)} to translate")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cs_demo"))
