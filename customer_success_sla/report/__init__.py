from . import cs_voice_report
from . import cs_ticket_report
