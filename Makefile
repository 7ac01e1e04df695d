# customer_success_sla — run `make demo` to try it, `make test` to check it.
PYTHON ?= python3
DEMO_DB ?= cs_demo
DEMO_PORT ?= 8069
ADDONS_PATH := $(CURDIR)

.PHONY: help deps test test-engine demo demo-reset check-odoo replica-start replica-stop replica-check
REPLICA_PORT ?= 5433

help:
	@echo "make demo   start Odoo with the addon and demo data on http://localhost:$(DEMO_PORT)"
	@echo "make test   run every test (pytest engine tests, Odoo tests on a throwaway database)"
	@echo "make replica-start / replica-stop   a local streaming read replica on port $(REPLICA_PORT)"
	@echo "make replica-check   the read-only pages are served by a replica (copy of DB=cs_demo)"

check-odoo:
	@cd /tmp && $(PYTHON) -c "import odoo.release, sys; sys.exit(not odoo.release.version.startswith('19.'))" 2>/dev/null || { \
	  echo "Odoo 19.0 is not importable from $(PYTHON)."; \
	  echo "Install Odoo 19.0 into this Python first (see README.md, Prerequisites)."; \
	  exit 2; }

# Debian packages: Chromium (browser tests), wkhtmltopdf and the Noto CJK fonts
# (PDF reports, Chinese included), poppler-utils (pdftotext, to check a PDF's text),
# PostgreSQL's server binaries of the server's version (the read replica check).
deps:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v wkhtmltopdf >/dev/null 2>&1 || missing="$$missing wkhtmltopdf"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	pg_major=$$(psql -d postgres -Atc 'SHOW server_version_num' 2>/dev/null | cut -c1-2); \
	[ -z "$$pg_major" ] || [ -x /usr/lib/postgresql/$$pg_major/bin/pg_basebackup -a -x /usr/lib/postgresql/$$pg_major/bin/postgres ] \
	  || missing="$$missing postgresql-$$pg_major"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "Install these Debian packages for the browser tests and PDF reports: apt-get install$$missing"; fi; \
	fi

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

# A streaming replica of the local PostgreSQL server (tools/replica.py); run
# Odoo with --db_replica_host=127.0.0.1 --db_replica_port=$(REPLICA_PORT).
replica-start:
	$(PYTHON) tools/replica.py start --port $(REPLICA_PORT)

replica-stop:
	$(PYTHON) tools/replica.py stop --port $(REPLICA_PORT)

replica-check: check-odoo
	$(PYTHON) tools/check_replica.py --template $(DEMO_DB) --replica-port $(REPLICA_PORT)

demo-reset:
	dropdb --if-exists $(DEMO_DB)
