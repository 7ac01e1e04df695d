"""Load the addon's pure engine package without importing Odoo.

``customer_success_sla/__init__.py`` imports the Odoo models; the engine must
be testable without them, so it is loaded on its own as ``cs_engine``.
"""

import importlib.util
import pathlib
import sys

ENGINE_DIR = pathlib.Path(__file__).resolve().parent.parent / "customer_success_sla" / "engine"

if "cs_engine" not in sys.modules:
    spec = importlib.util.spec_from_file_location(
        "cs_engine", ENGINE_DIR / "__init__.py", submodule_search_locations=[str(ENGINE_DIR)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["cs_engine"] = module
    spec.loader.exec_module(module)
