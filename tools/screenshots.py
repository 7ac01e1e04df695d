#!/usr/bin/env python3
"""Take the README screenshots from a running demo (``make demo``) with
headless Chromium: python3 tools/screenshots.py [base_url] [out_dir].
SHOT_LOGIN (user, password = login), SHOT_SIZE (1440x900) and SHOT_TZ (the
browser's time zone, e.g. Asia/Shanghai for portal.zhang) tune a run."""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "docs")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def login(page, login, password):
    page.goto(f"{BASE}/web/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/web/login" not in url)


def shoot(page, url, name, wait_for, click=None):
    page.goto(f"{BASE}{url}")
    page.wait_for_selector(wait_for)
    for selector in filter(None, (click or "").split(";")):
        page.click(selector)
        page.wait_for_timeout(400)
    # graphs animate their bars for about a second after they draw
    page.wait_for_timeout(2500)
    page.screenshot(path=str(OUT / name))
    print(OUT / name)


def main():
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        width, height = (int(v) for v in os.environ.get("SHOT_SIZE", "1440x900").split("x"))
        # Odoo stores the browser's time zone on a user's first login: give
        # the user's own (SHOT_TZ), or the demo users end up in UTC.
        page = browser.new_page(viewport={"width": width, "height": height},
                                timezone_id=os.environ.get("SHOT_TZ") or None)
        user = os.environ.get("SHOT_LOGIN", "admin")  # demo passwords equal logins
        login(page, user, user)
        for name, url, wait_for, click in [
            (arg.split("|") + [None])[:4] for arg in sys.argv[3:]
        ]:
            shoot(page, url, name, wait_for, click or None)
        browser.close()


if __name__ == "__main__":
    main()
