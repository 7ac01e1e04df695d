from . import helpdesk_portal
from . import portal_rating
from . import portal_ticket
from . import knowledge_portal
