from . import slm_agreement_terminate
from . import slm_service_report_wizard
from . import slm_report_send
from . import slm_breach_reason_record
