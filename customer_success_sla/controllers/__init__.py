from . import helpdesk_portal
from . import portal_rating
