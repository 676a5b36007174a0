"""Merge each addon's fresh .pot into its zh_CN.po, keeping existing translations.

Run by ``python3 tools/devenv.py i18n`` inside the Odoo environment (polib comes
with Odoo). Untranslated messages are listed; the test command fails on them.
"""

import sys
from pathlib import Path

import polib

LANGUAGES = ("zh_CN",)


def merge(addon_dir: Path) -> list[str]:
    pot = polib.pofile(str(addon_dir / "i18n" / f"{addon_dir.name}.pot"))
    missing = []
    for language in LANGUAGES:
        path = addon_dir / "i18n" / f"{language}.po"
        known = {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr} if path.exists() else {}
        po = polib.POFile()
        po.header = pot.header
        po.metadata = {**pot.metadata, "Language": language, "Plural-Forms": "nplurals=1; plural=0;"}
        for entry in pot:
            entry.msgstr = known.get(entry.msgid, "")
            if not entry.msgstr:
                missing.append(f"{path}: {entry.msgid!r}")
            po.append(entry)
        po.save(str(path))
    return missing


if __name__ == "__main__":
    problems = [line for addon in sys.argv[1:] for line in merge(Path(addon))]
    print("\n".join(problems) or "every message is translated")
