from . import slm_target
from . import slm_agreement
from . import slm_agreement_revision
from . import slm_service_offering
from . import tier_definition
from . import helpdesk_ticket
from . import slm_service
