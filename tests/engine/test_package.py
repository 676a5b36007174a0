import ast
from pathlib import Path

import slm_engine

ENGINE = Path(slm_engine.__file__).parent


def test_engine_has_no_odoo_import():
    """The engine never imports Odoo, so it runs and is tested anywhere."""
    for source in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "odoo" for name in names), source
