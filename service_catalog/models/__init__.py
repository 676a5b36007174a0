from . import slm_service, slm_service_category, slm_service_offering
