from . import slm_service, slm_service_category, slm_service_offering
from . import resource_calendar_workday
from . import resource_calendar
