from . import test_install
from . import test_agreement
from . import test_ticket_clock
from . import test_requirement_sla
from . import test_service_report
from . import test_print
from . import test_report_subscription
from . import test_portal_agreements
