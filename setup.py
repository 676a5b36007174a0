from setuptools import setup

setup()  # configuration: pyproject.toml (metadata, dependencies) and setup.cfg (packages, data)
