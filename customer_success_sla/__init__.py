from . import controllers
from . import helpdesk_code_terms
from . import models
from . import report
from . import wizards
from .hooks import post_init_hook, uninstall_hook

helpdesk_code_terms.install()
