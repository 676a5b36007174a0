"""Packaging: the engine as ``slm_engine`` and the addons as ``odoo.addons.<name>``.

The addons are laid out like OCA wheels (``site-packages/odoo/addons/<name>``,
no ``odoo/__init__.py``), so an installed copy is found by Odoo without an
addons-path entry. From a clone, the repository root is the addons-path entry.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
ADDONS = ("service_catalog", "service_level_management", "underpinning_contracts")


def addon_packages(addon):
    return [f"odoo.addons.{addon}"] + [f"odoo.addons.{addon}.{sub}" for sub in find_packages(addon)]


def addon_data(addon):
    root = HERE / addon
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]


setup(
    packages=["slm_engine", *[p for a in ADDONS for p in addon_packages(a)]],
    package_dir={f"odoo.addons.{a}": a for a in ADDONS},
    package_data={"slm_engine": ["py.typed"], **{f"odoo.addons.{a}": addon_data(a) for a in ADDONS}},
    zip_safe=False,
)
