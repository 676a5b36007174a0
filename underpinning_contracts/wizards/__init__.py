from . import slm_vendor_escalate
