from . import helpdesk_ticket, slm_service
