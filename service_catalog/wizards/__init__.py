from . import comment_wizard
