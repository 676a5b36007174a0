from . import test_install
from . import test_access_matrix
from . import test_uc
from . import test_multi_company
