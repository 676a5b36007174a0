"""slm_engine: business-time arithmetic for service level management.

Pure Python, no Odoo import, no I/O: calendars, clocks, availability,
statistics and strictness between agreements.
"""

__version__ = "18.0.1.0.0"
