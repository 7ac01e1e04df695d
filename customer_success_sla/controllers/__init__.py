from . import helpdesk_portal
from . import portal_rating
from . import portal_ticket
from . import portal_ticket_list
from . import portal_attachment
from . import knowledge_portal
from . import portal_login_language
from . import rating_page
