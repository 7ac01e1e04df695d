"""Debian's Chromium, driven by Playwright, for the browser tests."""

import resource
import shutil
from contextlib import contextmanager

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class ChromiumMixin:
    """For HttpCase classes: a Chromium browser and pages logged in to the
    test server."""

    @contextmanager
    def _chromium(self):
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        self.assertTrue(chromium, "Chromium is installed by `make test` (Debian package chromium)")
        # Odoo caps its own address space (limit_memory_hard); Chromium, its
        # child, reserves far more virtual memory than it uses.
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        self.addCleanup(resource.setrlimit, resource.RLIMIT_AS, (soft, hard))
        with self.allow_requests(), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()

    def _page(self, browser, login, password, timeout=30000, **options):
        """A browser page logged in as ``login`` (the session Odoo's test
        server knows, with its database)."""
        session = self.authenticate(login, password)
        context = browser.new_context(**options)
        context.add_cookies([
            {"name": "session_id", "value": session.sid, "url": self.base_url()},
            # the test server only serves requests carrying this test's key
            {"name": "test_request_key", "value": self.http_request_key, "url": self.base_url()},
        ])
        page = context.new_page()
        page.set_default_timeout(timeout)
        return page
