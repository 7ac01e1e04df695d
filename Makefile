# customer_success_sla — run `make demo` to try it, `make test` to check it.
PYTHON ?= python3
DEMO_DB ?= cs_demo
DEMO_PORT ?= 8069
ADDONS_PATH := $(CURDIR)

.PHONY: help deps test test-engine demo demo-reset check-odoo

help:
	@echo "make demo   start Odoo with the addon and demo data on http://localhost:$(DEMO_PORT)"
	@echo "make test   run every test (pytest engine tests, Odoo tests on a throwaway database)"

check-odoo:
	@cd /tmp && $(PYTHON) -c "import odoo.release, sys; sys.exit(not odoo.release.version.startswith('19.'))" 2>/dev/null || { \
	  echo "Odoo 19.0 is not importable from $(PYTHON)."; \
	  echo "Install Odoo 19.0 into this Python first (see README.md, Prerequisites)."; \
	  exit 2; }

deps:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else echo "Install Chromium for the browser tests (Debian: apt-get install chromium)."; fi; }

test-engine:
	$(PYTHON) -m pytest -q tests

test: check-odoo deps
	$(PYTHON) tools/run_tests.py

demo: check-odoo deps
	@if ! psql -lqt | cut -d'|' -f1 | grep -qw "$(DEMO_DB)"; then \
	  echo "Creating database $(DEMO_DB) with the addon and its demo data…"; \
	  $(PYTHON) -m odoo -d $(DEMO_DB) --addons-path=$(ADDONS_PATH) -i customer_success_sla \
	    --with-demo --stop-after-init --log-level=warn || exit 1; \
	  echo "Loading Chinese (the demo stays in English by default)…"; \
	  $(PYTHON) -m odoo -d $(DEMO_DB) --addons-path=$(ADDONS_PATH) --load-language=zh_CN \
	    --stop-after-init --log-level=warn || exit 1; \
	fi
	@echo ""
	@echo "Odoo runs on http://localhost:$(DEMO_PORT) (database $(DEMO_DB)). Logins (password = login):"
	@echo "  admin / admin            administrator"
	@echo "  csm.li, csm.emma         customer success managers"
	@echo "  agent.wang, agent.sam    support agents"
	@echo "  portal.zhang, portal.james   portal customers (VIP, Core)"
	@echo ""
	$(PYTHON) -m odoo -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' --addons-path=$(ADDONS_PATH) \
	  --http-port=$(DEMO_PORT) --http-interface=0.0.0.0

demo-reset:
	dropdb --if-exists $(DEMO_DB)
