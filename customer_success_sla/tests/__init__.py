from . import test_tier
from . import test_account_propagation
from . import test_csm_assignment
from . import test_lifecycle
from . import test_onboarding
from . import test_priority_matrix
from . import test_access
from . import test_i18n
