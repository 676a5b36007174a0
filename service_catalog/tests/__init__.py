from . import test_install
from . import test_calendar_engine
from . import test_requirement
from . import test_implementation_spec
from . import test_catalog_report
