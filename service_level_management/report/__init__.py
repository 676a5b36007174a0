from . import slm_service_report_xlsx
