from . import helpdesk_ticket
from . import slm_service
