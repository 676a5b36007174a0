#!/usr/bin/env python3
"""Write each addon's README.rst from its ``readme/*.md`` fragments, like OCA's
``oca-gen-addon-readme``; ``--check`` only reports stale files.

The fragments use the small common subset of Markdown and reStructuredText
(paragraphs, ``-`` and ``1.`` lists, ``*emphasis*``); inline code in single
backticks becomes an rst literal.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("service_catalog", "service_level_management", "underpinning_contracts")
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
)


def md_to_rst(text: str) -> str:
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text.strip())


def heading(title: str, char: str) -> str:
    return f"{title}\n{char * len(title)}\n"


def render(addon: str) -> str:
    manifest = ast.literal_eval((REPO / addon / "__manifest__.py").read_text())
    rule = "=" * len(manifest["name"])
    parts = [f"{rule}\n{manifest['name']}\n{rule}\n", f"*{manifest['summary']}*\n"]
    parts.append(f"Version {manifest['version']}, license {manifest['license']}.\n")
    parts.append(".. contents::\n   :local:\n")
    for fragment, title in SECTIONS:
        path = REPO / addon / "readme" / fragment
        if path.exists():
            if title:
                parts.append(heading(title, "="))
            parts.append(md_to_rst(path.read_text()) + "\n")
    parts.append(heading("Authors", "="))
    parts.append("\n".join(f"- {a.strip()}" for a in manifest["author"].split(",")) + "\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    stale = []
    for addon in ADDONS:
        target = REPO / addon / "README.rst"
        text = render(addon)
        if not target.exists() or target.read_text() != text:
            stale.append(str(target.relative_to(REPO)))
            if "--check" not in argv:
                target.write_text(text)
    if stale and "--check" in argv:
        print("stale, run tools/addon_readme.py:", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
