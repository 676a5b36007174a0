from . import test_install
from . import test_access_matrix
from . import test_uc
