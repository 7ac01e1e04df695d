from . import cs_churn_wizard
from . import cs_usage_import_wizard
from . import cs_sla_policy_preview
from . import cs_problem_link_wizard
from . import cs_problem_update_wizard
from . import cs_problem_update_wizard_line
