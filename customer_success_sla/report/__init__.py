from . import cs_voice_report
from . import cs_ticket_report
from . import cs_account_service_report
from . import cs_monthly_review
