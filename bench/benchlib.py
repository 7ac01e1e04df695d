"""What the benchmarks share: a database with the addon at the code at hand,
and a script run in `odoo shell` that prints one ``BENCH <json>`` line."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_exists(name):
    listing = subprocess.run(["psql", "-lqt"], capture_output=True, text=True).stdout
    return name in {line.split("|")[0].strip() for line in listing.splitlines()}


def odoo(*args, env=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "odoo", *args, f"--addons-path={ROOT}", "--log-level=warn"],
        input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=tempfile.gettempdir(),
    )


def prepare_database(database, module="customer_success_sla", upgrade=True):
    """Install ``module`` in ``database`` (without demo data), or upgrade it
    there so that the benchmark measures the code at hand."""
    if not database_exists(database):
        print(f"creating {database} with {module}…", flush=True)
        result = odoo("-d", database, "-i", module, "--stop-after-init", "--without-demo=True")
    elif upgrade:
        result = odoo("-d", database, "-u", module, "--stop-after-init")
    else:
        return
    if result.returncode:
        sys.exit(result.stdout + result.stderr)


def run_in_shell(database, script, **variables):
    """Run ``script`` in `odoo shell` with ``variables`` in its environment;
    return the JSON of its ``BENCH`` line."""
    result = odoo("shell", "-d", database, "--no-http", env={k: str(v) for k, v in variables.items()}, stdin=script)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    sys.exit(f"benchmark script failed on {database}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def print_query_plan(title, plan_lines):
    """A query plan returned by a benchmark script (EXPLAIN ANALYZE lines)."""
    print(f"== Query plan of {title}")
    for line in plan_lines:
        print("  " + line)
