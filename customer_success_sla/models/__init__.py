from . import cs_tier
from . import cs_priority_rule
from . import res_partner
from . import helpdesk_ticket_classification
from . import crm_lead
from . import res_config_settings
