from . import slm_agreement_terminate
