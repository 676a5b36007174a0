#!/usr/bin/env python3
"""Development environment of the Service Level Management suite.

Two commands, both documented in README.rst:

``start``
    Builds (or reuses) a Python environment with Odoo 18.0 and the dependencies,
    starts a PostgreSQL cluster on loopback, creates a database with the three
    addons and demo data, and serves Odoo on 127.0.0.1:8069.

``test``
    Lints, runs the engine tests and, when an Odoo environment exists or
    ``ODOO_SRC`` is given, the Odoo suite (pytest-odoo on a fresh database) plus
    an install with demo data whose log must be clean. Ends with one line
    ``N passed, N failed``.

Odoo is not on the package index: ``ODOO_SRC`` names an Odoo 18.0 source tree
(a directory, an archive path or an archive URL). Everything built is cached
outside the clone, under ``$SLM_CACHE`` (default ``~/.cache/slm-odoo``), keyed by
the Odoo version, and reused by the next run and by CI on the same machine.

Only the standard library is used here: this script runs before any
environment exists.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import tomllib

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("service_catalog", "service_level_management", "underpinning_contracts")
DEFAULT_ODOO_URL = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
ODOO_SERIES = "18.0"
CACHE = Path(
    os.environ.get("SLM_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "slm-odoo"
)
PG_PORT = int(os.environ.get("SLM_PG_PORT", "54329"))
PG_USER = "odoo"
# Each clone has its own configuration and demo database: clones on one machine never collide.
CLONE_KEY = hashlib.sha256(str(REPO).encode()).hexdigest()[:12]
HTTP_PORT = int(os.environ.get("SLM_HTTP_PORT", "8069"))
DEMO_DB = os.environ.get("SLM_DB", f"slm_demo_{CLONE_KEY[:8]}")

# Requirements of Odoo's requirements.txt left out of the environment: LDAP
# needs system libraries and only serves auth_ldap, which the suite never loads.
SKIPPED_ODOO_REQUIREMENTS = ("python-ldap",)
# Old sdists among Odoo's pins (e.g. cbor2, vobject) need setuptools < 80 in
# their isolated build environment; pip applies PIP_CONSTRAINT there too.
BUILD_CONSTRAINTS = "setuptools<80\n"
# Debian packages the product needs, each with the file that shows it is installed.
DEBIAN_PACKAGES = {
    "postgresql": "/usr/lib/postgresql",
    "postgresql-contrib": "/usr/share/doc/postgresql-contrib",
    "libpq-dev": "/usr/bin/pg_config",  # psycopg2 builds from source against libpq
    "wkhtmltopdf": "/usr/bin/wkhtmltopdf",  # PDF reports
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Chinese in PDFs
    "chromium": "/usr/bin/chromium",  # browser tours
}

# Log lines of an install that are about the machine, not about the product.
# Each entry is a regular expression matched against a WARNING/ERROR line.
LOG_ALLOW_LIST = (
    # Odoo warns when its process runs as root (CI machines do).
    r"Running as user 'root' is a security risk",
    # No wkhtmltopdf on the machine: only PDF rendering is affected.
    r"You need Wkhtmltopdf to print a pdf version of the reports",
    r"Wkhtmltopdf seems to be broken",
)


class SetupError(Exception):
    """A step could not be done; the message says what to provide."""


def say(message: str) -> None:
    print(f"[slm] {message}", flush=True)


def run(cmd, check=True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=check, **kwargs)


# ---------------------------------------------------------------------------
# Odoo source
# ---------------------------------------------------------------------------


def _odoo_root(path: Path) -> Path | None:
    """The directory holding the ``odoo`` package inside an unpacked tree."""
    candidates = [path, *sorted(p for p in path.iterdir() if p.is_dir())] if path.is_dir() else []
    for candidate in candidates:
        if (candidate / "odoo" / "release.py").is_file() and (candidate / "setup.py").is_file():
            return candidate
    return None


def _odoo_version(root: Path) -> str:
    release: dict = {}
    exec((root / "odoo" / "release.py").read_text(), release)
    return release["serie"]


def resolve_odoo_source(spec: str) -> Path:
    """Turn ``ODOO_SRC`` (directory, archive or URL) into an unpacked tree."""
    path = Path(spec).expanduser()
    if path.is_dir():
        root = _odoo_root(path.resolve())
        if not root:
            raise SetupError(f"ODOO_SRC={spec} is not an Odoo source tree (no odoo/release.py and setup.py).")
        return root
    digest = hashlib.sha256(spec.encode()).hexdigest()[:16]
    unpacked = CACHE / "sources" / digest
    root = _odoo_root(unpacked) if unpacked.is_dir() else None
    if root:
        return root
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    archive = path
    if re.match(r"^https?://", spec):
        archive = unpacked.with_suffix(".download")
        say(f"downloading the Odoo source from {spec}")
        try:
            with urllib.request.urlopen(spec, timeout=60) as response, archive.open("wb") as out:
                shutil.copyfileobj(response, out)
        except OSError as exc:
            archive.unlink(missing_ok=True)
            raise SetupError(f"could not download the Odoo source from {spec} ({exc}).") from exc
    elif not path.is_file():
        raise SetupError(f"ODOO_SRC={spec} is neither a directory, an archive nor a URL.")
    staging = Path(tempfile.mkdtemp(dir=unpacked.parent))
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(staging)
        else:
            with tarfile.open(archive) as tf:
                tf.extractall(staging, filter="data")
        staging.rename(unpacked)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if archive.suffix == ".download":
            archive.unlink(missing_ok=True)
    root = _odoo_root(unpacked)
    if not root:
        raise SetupError(f"ODOO_SRC={spec} does not contain an Odoo source tree.")
    return root


# ---------------------------------------------------------------------------
# Python environment
# ---------------------------------------------------------------------------


class OdooEnv:
    """A virtual environment with Odoo (editable) and every dependency."""

    def __init__(self, series: str = ODOO_SERIES):
        self.dir = CACHE / f"odoo-{series}"
        self.venv = self.dir / "venv"
        self.python = self.venv / "bin" / "python"
        self.state_file = self.dir / "state.json"

    @property
    def state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return {}

    @property
    def ready(self) -> bool:
        src = self.state.get("odoo_src")
        return bool(src) and self.python.exists() and Path(src, "odoo", "release.py").exists()

    @property
    def odoo_src(self) -> Path:
        return Path(self.state["odoo_src"])

    def requirements(self, odoo_src: Path) -> list[str]:
        lines = []
        for line in (odoo_src / "requirements.txt").read_text().splitlines():
            name = re.split(r"[\s=<>;!~\[]", line.strip(), maxsplit=1)[0]
            if name and not name.startswith("#") and name not in SKIPPED_ODOO_REQUIREMENTS:
                lines.append(line.strip())
        project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
        lines += project["dependencies"]
        lines += project["optional-dependencies"]["test"]
        lines += project["optional-dependencies"]["odoo-test"]
        return lines

    def build(self, odoo_src: Path) -> None:
        requirements = self.requirements(odoo_src)
        fingerprint = hashlib.sha256("\n".join([str(odoo_src), *requirements]).encode()).hexdigest()
        if self.ready and self.state.get("fingerprint") == fingerprint:
            return
        say(f"building the Odoo {ODOO_SERIES} environment in {self.venv} (first run takes a few minutes)")
        self.dir.mkdir(parents=True, exist_ok=True)
        if not self.python.exists():
            run([sys.executable, "-m", "venv", self.venv])
        constraints = self.dir / "build-constraints.txt"
        constraints.write_text(BUILD_CONSTRAINTS)
        requirements_file = self.dir / "requirements.txt"
        requirements_file.write_text("\n".join(requirements) + "\n")
        pip_env = dict(os.environ, PIP_CONSTRAINT=str(constraints), PIP_DISABLE_PIP_VERSION_CHECK="1")
        pip = [self.python, "-m", "pip", "install", "--quiet"]
        run([*pip, "setuptools<80", "wheel"], env=pip_env)
        # Odoo first, as an editable install that puts the source tree itself on
        # sys.path: OCA wheels create site-packages/odoo/ without __init__.py,
        # which would otherwise shadow the real package.
        run([*pip, "--no-deps", "-e", odoo_src, "--config-settings", "editable_mode=compat"], env=pip_env)
        run([*pip, "-r", requirements_file], env=pip_env)
        self.state_file.write_text(json.dumps({"odoo_src": str(odoo_src), "fingerprint": fingerprint}))
        say("environment ready")


class ToolsEnv:
    """A small environment for linters and the engine tests (no Odoo)."""

    def __init__(self):
        self.venv = CACHE / "tools-venv"
        self.python = self.venv / "bin" / "python"
        self.stamp = self.venv / "requirements.txt"

    def build(self) -> Path:
        project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
        requirements = "\n".join(project["optional-dependencies"]["test"]) + "\n"
        if self.python.exists() and self.stamp.exists() and self.stamp.read_text() == requirements:
            return self.python
        say(f"building the lint and engine test environment in {self.venv}")
        if not self.python.exists():
            run([sys.executable, "-m", "venv", self.venv])
        self.stamp.write_text(requirements)
        run([self.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", self.stamp])
        return self.python


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------


def _pg_bindir() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def ensure_debian_packages() -> None:
    """Install the missing Debian packages (as root); say which are missing otherwise."""
    missing = [name for name, marker in DEBIAN_PACKAGES.items() if not Path(marker).exists()]
    if not missing:
        return
    if os.geteuid() != 0:
        say(f"missing Debian packages (install them, or run as root): {' '.join(missing)}")
        return
    say(f"installing from Debian's packages: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        env=env,
        stdout=subprocess.DEVNULL,
    )


class Postgres:
    """Our own cluster on loopback, started by these scripts."""

    def __init__(self):
        self.as_root = os.geteuid() == 0
        base = Path("/var/lib/postgresql") if self.as_root else CACHE
        self.data = base / f"slm-odoo-{ODOO_SERIES}" / "data"
        self.log = self.data.parent / "postgresql.log"

    def _as_owner(self, cmd: list) -> list:
        return ["runuser", "-u", "postgres", "--", *cmd] if self.as_root else cmd

    def ensure(self) -> None:
        ensure_debian_packages()
        bindir = _pg_bindir()
        if not bindir:
            raise SetupError(
                "PostgreSQL is not installed: install Debian's 'postgresql' package, or run as root."
            )
        if not (self.data / "PG_VERSION").exists():
            self.data.mkdir(parents=True, exist_ok=True)
            if self.as_root:
                shutil.chown(self.data.parent, "postgres", "postgres")
                shutil.chown(self.data, "postgres", "postgres")
            run(
                self._as_owner(
                    [
                        bindir / "initdb",
                        "-D",
                        self.data,
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "--encoding=UTF8",
                        "--locale=C",
                    ]
                ),
                stdout=subprocess.DEVNULL,
            )
        if run([bindir / "pg_isready", "-q", "-h", "127.0.0.1", "-p", PG_PORT], check=False).returncode != 0:
            run(
                self._as_owner(
                    [
                        bindir / "pg_ctl",
                        "-D",
                        self.data,
                        "-l",
                        self.log,
                        "-w",
                        "start",
                        "-o",
                        f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -c unix_socket_directories=''"
                        " -c fsync=off -c full_page_writes=off",
                    ]
                ),
                stdout=subprocess.DEVNULL,
            )
        self.psql(
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_USER}')"
            f" THEN CREATE ROLE {PG_USER} LOGIN CREATEDB; END IF; END$$;"
        )

    def psql(self, sql: str, db: str = "postgres") -> str:
        bindir = _pg_bindir()
        out = run(
            [bindir / "psql", "-h", "127.0.0.1", "-p", PG_PORT, "-U", "postgres", "-d", db, "-tAc", sql],
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def database_exists(self, name: str) -> bool:
        return self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"

    def drop(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------
# Odoo
# ---------------------------------------------------------------------------


def write_config(env: OdooEnv) -> Path:
    """This clone's Odoo configuration: two clones on one machine each keep their own addons path."""
    config = env.dir / "configs" / f"odoo-{CLONE_KEY}.conf"
    config.parent.mkdir(exist_ok=True)
    config.write_text(
        "[options]\n"
        f"addons_path = {env.odoo_src / 'odoo' / 'addons'},{REPO}\n"
        f"data_dir = {env.dir / 'data'}\n"
        "db_host = 127.0.0.1\n"
        f"db_port = {PG_PORT}\n"
        f"db_user = {PG_USER}\n"
        "db_password = False\n"
        "http_interface = 127.0.0.1\n"
        f"http_port = {HTTP_PORT}\n"
        "list_db = False\n"
        "max_cron_threads = 1\n"
    )
    return config


def odoo_env_vars() -> dict:
    # The engine is imported from the clone, so a change needs no reinstall.
    variables = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    )
    if not variables.get("XDG_RUNTIME_DIR"):
        # Without it wkhtmltopdf (Qt) complains on stderr at every PDF, which Odoo logs as a warning.
        runtime = CACHE / "runtime"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        variables["XDG_RUNTIME_DIR"] = str(runtime)
    return variables


def odoo_cmd(env: OdooEnv, config: Path, *args) -> list:
    return [env.python, "-m", "odoo", "-c", config, *args]


def prepare_odoo(source_spec: str | None) -> OdooEnv:
    env = OdooEnv()
    if source_spec:
        odoo_src = resolve_odoo_source(source_spec)
        version = _odoo_version(odoo_src)
        if version != ODOO_SERIES:
            raise SetupError(
                f"ODOO_SRC={source_spec} is Odoo {version}; this product needs Odoo {ODOO_SERIES}."
            )
        env.build(odoo_src)
    elif env.ready:
        env.build(env.odoo_src)
    else:
        raise SetupError("no Odoo environment exists and ODOO_SRC is not set")
    return env


def install_database(
    env: OdooEnv, config: Path, db: str, demo: bool, logfile: Path | None = None, modules=ADDONS
) -> int:
    args = ["-d", db, "-i", ",".join(modules), "--stop-after-init", "--no-http"]
    if not demo:
        args.append("--without-demo=all")
    args += ["--logfile", logfile, "--log-level=info"] if logfile else ["--log-level=warn"]
    return run(odoo_cmd(env, config, *args), check=False, env=odoo_env_vars()).returncode


def addons_fingerprint() -> str:
    digest = hashlib.sha256()
    for addon in ADDONS:
        for path in sorted((REPO / addon).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cmd_start(_args) -> int:
    spec = os.environ.get("ODOO_SRC")
    env = OdooEnv()
    if not spec and not env.ready:
        spec = DEFAULT_ODOO_URL
    try:
        Postgres().ensure()
        env = prepare_odoo(spec)
    except (SetupError, subprocess.CalledProcessError) as exc:
        if spec == DEFAULT_ODOO_URL and not env.ready:
            say(
                "no Odoo source could be had: set ODOO_SRC to an Odoo 18.0 source tree "
                f"(a directory, an archive or its URL) and run again ({exc})."
            )
        else:
            say(f"cannot start: {exc}")
        return 1
    config = write_config(env)
    pg = Postgres()
    stamp = env.dir / f"{DEMO_DB}.addons"
    fingerprint = addons_fingerprint()
    if not pg.database_exists(DEMO_DB):
        say(f"creating database {DEMO_DB} with the three addons and demo data")
        if install_database(env, config, DEMO_DB, demo=True):
            pg.drop(DEMO_DB)
            say("the installation failed; see the log above")
            return 1
        stamp.write_text(fingerprint)
    elif not stamp.exists() or stamp.read_text() != fingerprint:
        say(f"updating the addons in {DEMO_DB}")
        run(
            odoo_cmd(env, config, "-d", DEMO_DB, "-u", ",".join(ADDONS), "--stop-after-init", "--no-http"),
            env=odoo_env_vars(),
        )
        stamp.write_text(fingerprint)
    port = HTTP_PORT if "SLM_HTTP_PORT" in os.environ else _free_port(HTTP_PORT)
    say(
        f"Odoo serves http://127.0.0.1:{port}/web/login - login: admin, password: admin; one login per role "
        "(password = login): agent, manager, approver, purchasing, and emma on the portal (Ctrl+C stops it)"
    )
    cmd = odoo_cmd(env, config, "-d", DEMO_DB, "--db-filter", f"^{DEMO_DB}$", "--http-port", port)
    os.execve(str(cmd[0]), [str(c) for c in cmd], odoo_env_vars())
    return 0


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.notes: list[str] = []

    def check(self, name: str, ok: bool) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.notes.append(f"FAILED: {name}")
        say(f"{'ok    ' if ok else 'FAILED'} {name}")

    def junit(self, name: str, xml_file: Path, returncode: int) -> None:
        """Count the test cases of a pytest run from its JUnit report."""
        try:
            root = ElementTree.parse(xml_file).getroot()
        except (OSError, ElementTree.ParseError):
            self.check(f"{name} (no report, exit {returncode})", False)
            return
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        total = sum(int(s.get("tests", 0)) for s in suites)
        failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
        skipped = sum(int(s.get("skipped", 0)) for s in suites)
        self.passed += total - failed - skipped
        self.failed += failed
        if failed or returncode not in (0,):
            if not failed:
                self.failed += 1
            self.notes.append(f"FAILED: {name} ({failed} failing tests, exit {returncode})")
        say(f"{name}: {total - failed - skipped} passed, {failed} failed, {skipped} skipped")
        if total == 0:
            self.check(f"{name} ran at least one test", False)


def lint(python: Path, tally: Tally) -> None:
    paths = [
        str(REPO / p)
        for p in (*ADDONS, "slm_engine", "tests", "tools", "benchmarks", "setup.py")
        if (REPO / p).exists()
    ]
    tally.check("ruff check", run([python, "-m", "ruff", "check", *paths], check=False).returncode == 0)
    tally.check(
        "ruff format --check",
        run([python, "-m", "ruff", "format", "--check", "-q", *paths], check=False).returncode == 0,
    )
    result = run(
        [python, "-m", "pylint", f"--rcfile={REPO / '.pylintrc'}", *[REPO / a for a in ADDONS]], check=False
    )
    tally.check("pylint-odoo (OCA configuration)", result.returncode == 0)
    readme = run([python, REPO / "tools" / "addon_readme.py", "--check"], check=False)
    tally.check("addon README.rst up to date with readme/", readme.returncode == 0)
    unexported = unexported_messages()
    for line in unexported[:20]:
        say(f"  not in the .pot: {line}")
    tally.check("every translatable message of the code in its addon's .pot", not unexported)
    for line in unpackaged_files()[:20]:
        say(f"  not packaged by setup.cfg: {line}")
    tally.check("setup.cfg packages every file of the engine and the addons", not unpackaged_files())
    missing = untranslated()
    for line in missing[:20]:
        say(f"  untranslated: {line}")
    tally.check("every message translated to zh_CN", not missing)


def unpackaged_files() -> list[str]:
    """Files of the engine and the addons that ``setup.cfg`` would leave out of the package."""
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    options = config["options"]
    package_dir = dict(
        line.split(" = ") for line in options["package_dir"].strip().splitlines() if line.strip()
    )

    def directory(package):
        for prefix, path in package_dir.items():
            if package == prefix or package.startswith(prefix + "."):
                return REPO / path / package[len(prefix) :].lstrip(".").replace(".", "/")
        return REPO / package.replace(".", "/")

    packaged = set()
    for package in options["packages"].split():
        packaged |= set(directory(package).glob("*.py"))
    for package, patterns in config["options.package_data"].items():
        for pattern in patterns.replace(",", " ").split():
            packaged |= {path for path in directory(package).glob(pattern) if path.is_file()}
    sources = {
        path
        for top in ("slm_engine", *ADDONS)
        for path in (REPO / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    return sorted(str(path.relative_to(REPO)) for path in sources - packaged)


def engine_tests(python: Path, tally: Tally, workdir: Path) -> None:
    report = workdir / "engine.xml"
    result = run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", REPO / "tests"],
        check=False,
        cwd=REPO,
        env=odoo_env_vars(),
    )
    tally.junit("engine tests", report, result.returncode)


def pot_messages(path: Path) -> dict[str, str]:
    """``{msgid: msgstr}`` of a .pot or .po file (standard library only)."""
    block = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)
    text = path.read_text(encoding="utf-8") + "\n" if path.exists() else ""
    return {
        "".join(re.findall(r'"(.*)"', msgid)).encode().decode("unicode_escape").encode("latin-1").decode(): (
            "".join(re.findall(r'"(.*)"', msgstr))
        )
        for msgid, msgstr in block.findall(text)
    }


def unexported_messages() -> list[str]:
    """Messages of ``_()``/``env._()`` calls missing from their addon's .pot.

    Also catches calls that Babel cannot read (an f-string among the arguments
    makes it give up on the whole file under Python 3.11), whose messages then
    never reach translators.
    """
    problems = []
    for addon in ADDONS:
        exported = pot_messages(REPO / addon / "i18n" / f"{addon}.pot")
        for source in sorted((REPO / addon).rglob("*.py")):
            if "tests" in source.relative_to(REPO / addon).parts:
                continue
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                func = getattr(node, "func", None)
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if not isinstance(node, ast.Call) or name not in ("_", "_lt") or not node.args:
                    continue
                where = f"{source.relative_to(REPO)}:{node.lineno}"
                arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
                if any(isinstance(inner, ast.JoinedStr) for arg in arguments for inner in ast.walk(arg)):
                    problems.append(f"{where}: an f-string in a translated call (Babel skips the file)")
                message = getattr(node.args[0], "value", None)
                if isinstance(message, str) and message not in exported:
                    problems.append(f"{where}: {message!r}")
    return problems


def untranslated() -> list[str]:
    """Messages of each addon's .pot without a zh_CN translation."""
    missing = []
    for addon in ADDONS:
        pot, po = REPO / addon / "i18n" / f"{addon}.pot", REPO / addon / "i18n" / "zh_CN.po"
        if not pot.exists():
            missing.append(f"{addon}: no i18n/{addon}.pot")
            continue
        translated = pot_messages(po)
        missing += [
            f"{addon}: {msgid!r}" for msgid in pot_messages(pot) if msgid and not translated.get(msgid)
        ]
    return missing


def log_problems(logfile: Path) -> list[str]:
    allowed = [re.compile(p) for p in LOG_ALLOW_LIST]
    problems = []
    for line in logfile.read_text(errors="replace").splitlines():
        if re.search(r"\d \w+ (WARNING|ERROR|CRITICAL) ", line) and not any(a.search(line) for a in allowed):
            problems.append(line)
    return problems


def _clean_install(env, config, db, demo, logfile, tally, name) -> bool:
    """Install the addons; the install must succeed and log no WARNING or ERROR."""
    ok = install_database(env, config, db, demo=demo, logfile=logfile) == 0
    problems = log_problems(logfile) if logfile.exists() else ["no log written"]
    for line in problems[:20]:
        say(f"  log: {line}")
    tally.check(f"{name}, log without WARNING/ERROR", ok and not problems)
    return ok


def odoo_suite(env: OdooEnv, tally: Tally, workdir: Path) -> None:
    Postgres().ensure()
    config = write_config(env)
    pg = Postgres()
    stamp = time.strftime("%Y%m%d%H%M%S")
    test_db, demo_db = f"slm_test_{stamp}", f"slm_demo_check_{stamp}"
    try:
        say(f"installing the addons without demo data in {test_db}")
        ok = _clean_install(
            env, config, test_db, False, workdir / "install.log", tally, "install without demo data"
        )
        if ok:
            report = workdir / "odoo.xml"
            tests = [REPO / a / "tests" for a in ADDONS if (REPO / a / "tests").is_dir()]
            result = run(
                [env.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                 "--odoo-http", f"--odoo-config={config}", f"--odoo-database={test_db}", f"--junitxml={report}",
                 "-o", "python_files=test_*.py", *tests],
                check=False, cwd=REPO, env=odoo_env_vars(),
            )  # fmt: skip
            tally.junit("Odoo suite (pytest-odoo)", report, result.returncode)
        say(f"installing the addons with demo data in {demo_db}")
        _clean_install(
            env, config, demo_db, True, workdir / "demo-install.log", tally, "install with demo data"
        )
    finally:
        pg.drop(test_db)
        pg.drop(demo_db)


def cmd_test(_args) -> int:
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="slm-test-") as tmp:
        workdir = Path(tmp)
        tools_python = ToolsEnv().build()
        lint(tools_python, tally)
        engine_tests(tools_python, tally, workdir)
        spec = os.environ.get("ODOO_SRC")
        odoo_ran = False
        try:
            env = prepare_odoo(spec)
        except SetupError as exc:
            say(f"THE ODOO SUITE DID NOT RUN: {exc}. Set ODOO_SRC to an Odoo 18.0 source tree to run it.")
        except subprocess.CalledProcessError as exc:
            tally.check(f"building the Odoo environment ({exc})", False)
        else:
            odoo_suite(env, tally, workdir)
            odoo_ran = True
    for note in tally.notes:
        say(note)
    if not odoo_ran:
        say("THE ODOO SUITE DID NOT RUN: only the linters and the engine tests ran.")
    print(f"{tally.passed} passed, {tally.failed} failed", flush=True)
    return 1 if tally.failed else 0


def ready_odoo(purpose: str) -> tuple[OdooEnv, Path] | None:
    """PostgreSQL running and the Odoo environment built, or None after saying why not."""
    try:
        Postgres().ensure()
        env = prepare_odoo(os.environ.get("ODOO_SRC"))
    except (SetupError, subprocess.CalledProcessError) as exc:
        say(f"cannot {purpose}: {exc}")
        return None
    return env, write_config(env)


@contextlib.contextmanager
def scratch_database(env: OdooEnv, config: Path, name: str, modules=ADDONS):
    """A fresh database with the addons (no demo data), dropped afterwards; None if the install failed."""
    db = f"{name}_{time.strftime('%Y%m%d%H%M%S')}"
    try:
        yield None if install_database(env, config, db, demo=False, modules=modules) else db
    finally:
        Postgres().drop(db)


def _bench_in_scratch(purpose: str, name: str, script: str, *args) -> int:
    """Run ``benchmarks/<script>`` over a scratch database with the addons; it prints its figures."""
    ready = ready_odoo(purpose)
    if not ready:
        return 1
    env, config = ready
    with scratch_database(env, config, name) as db:
        if not db:
            return 1
        command = [
            env.python,
            REPO / "benchmarks" / script,
            "--config",
            config,
            "--database",
            db,
            *map(str, args),
        ]
        return run(command, check=False, env=odoo_env_vars()).returncode


def cmd_bench(_args) -> int:
    """Benchmarks on demand: they print figures and never fail a build."""
    return _bench_in_scratch("run the benchmarks", "slm_bench", "bench_deadlines.py")


@contextlib.contextmanager
def helpdesk_databases(env: OdooEnv, config: Path, prefix: str, with_contracts: bool):
    """Ours, plain helpdesk_mgmt and OCA helpdesk_mgmt_sla in scratch databases (None each if it failed).

    The helpdesk path is service_level_management's; underpinning_contracts brings purchase and
    accounting, whose fields on every company, partner and user cost any helpdesk as much: with
    ``with_contracts`` ours has it and the other two have purchase.
    """
    ours_addons, extra = ("service_level_management",), ()
    if with_contracts:
        ours_addons, extra = ("underpinning_contracts",), ("purchase",)
    print(f"ours: {', '.join(ours_addons)}; plain: {', '.join(('helpdesk_mgmt', *extra))}", flush=True)
    with (
        scratch_database(env, config, f"{prefix}_ours", modules=ours_addons) as ours,
        scratch_database(env, config, f"{prefix}_plain", modules=("helpdesk_mgmt", *extra)) as plain,
        scratch_database(env, config, f"{prefix}_oca", modules=("helpdesk_mgmt_sla", *extra)) as oca,
    ):
        yield ours, plain, oca


def _bench_helpdesks(args, purpose: str, prefix: str, script: str, *script_args) -> int:
    """Run ``benchmarks/<script>`` over the three helpdesk databases (``helpdesk_databases``)."""
    ready = ready_odoo(purpose)
    if not ready:
        return 1
    env, config = ready
    with helpdesk_databases(env, config, prefix, args.with_contracts) as (ours, plain, oca):
        if not ours or not plain or not oca:
            return 1
        command = [env.python, REPO / "benchmarks" / script, "--config", config, "--database", ours,
                   "--plain-database", plain, "--sla-database", oca, *map(str, script_args)]  # fmt: skip
        return run(command, check=False, env=odoo_env_vars()).returncode


def cmd_bench_tickets(args) -> int:
    """Ticket clocks at scale against plain helpdesk_mgmt and OCA helpdesk_mgmt_sla, in scratch databases."""
    return _bench_helpdesks(
        args, "run the ticket benchmark", "slm_bench", "bench_tickets.py", "--tickets", args.tickets
    )


def cmd_bench_single(args) -> int:
    """One ticket per transaction against plain helpdesk_mgmt and OCA helpdesk_mgmt_sla."""
    return _bench_helpdesks(
        args, "run the single-ticket benchmark", "slm_single", "bench_single.py",
        "--tickets", args.tickets, "--agreements", args.agreements, "--customers", args.customers,
        *(["--web-client"] if args.web_client else []),
    )  # fmt: skip


def cmd_bench_mass(args) -> int:
    """Mass changes and the crons at 100,000 open tickets, beside plain helpdesk_mgmt."""
    ready = ready_odoo("run the mass-change benchmark")
    if not ready:
        return 1
    env, config = ready
    with (
        scratch_database(env, config, "slm_mass_ours", modules=("service_level_management",)) as ours,
        scratch_database(env, config, "slm_mass_plain", modules=("helpdesk_mgmt",)) as plain,
    ):
        if not ours or not plain:
            return 1
        command = [env.python, REPO / "benchmarks" / "bench_mass.py", "--config", config,
                   "--database", ours, "--plain-database", plain,
                   "--tickets", str(args.tickets), "--customers", str(args.customers)]  # fmt: skip
        return run(command, check=False, env=odoo_env_vars()).returncode


def cmd_bench_whatif(args) -> int:
    """Replaying recent tickets under a proposed revision, in a scratch database."""
    return _bench_in_scratch(
        "run the what-if benchmark", "slm_bench_whatif", "bench_whatif.py", "--tickets", args.tickets
    )


def cmd_bench_report(args) -> int:
    """Service reports over a month of 100,000 clocks, and a scheduled delivery run, in a scratch database."""
    return _bench_in_scratch(
        "run the report benchmark", "slm_bench_report", "bench_report.py",
        "--clocks", args.clocks, "--subscriptions", args.subscriptions,
    )  # fmt: skip


# What an upgrade keeps: (table, figure) over the rows that were there before it (new demo
# data may add rows; none of the old ones may go or change).
UPGRADE_CHECKS = {
    "agreements": ("slm_agreement", "count(*)"),
    "targets": ("slm_target", "count(*)"),
    "revisions": ("slm_agreement_revision", "count(*)"),
    "measurements": ("slm_measurement", "count(*)"),
    "clocks": ("slm_clock", "count(*)"),
    "clock events": ("slm_clock_event", "count(*)"),
    "escalations done": ("slm_clock_escalation", "count(*)"),
    "tickets": ("helpdesk_ticket", "count(*)"),
    "clock evidence": (
        "slm_clock",
        "md5(string_agg(concat_ws('|', id, ticket_id, agreement_id, target_id, status, start_date, deadline,"
        " reached_date, breach_cause), ',' ORDER BY id))",
    ),
    "agreement states": ("slm_agreement", "string_agg(concat(id, state, revision), ',' ORDER BY id)"),
}

# What the migrations must have filled in: queries that must answer 0 after the upgrade.
UPGRADE_FILLED = {
    "clocks name the agreement of their target": "SELECT count(*) FROM slm_clock WHERE target_agreement_id IS NULL",
    "approval rules for every company": "SELECT count(*) FROM tier_definition t JOIN ir_model_data d"
    " ON d.res_id = t.id AND d.model = 'tier.definition' AND d.module IN ('service_catalog',"
    " 'service_level_management') WHERE t.company_id IS NOT NULL OR NOT t.has_comment",
    "SLA approvers review SLAs and OLAs only": "SELECT count(*) FROM tier_definition t JOIN ir_model_data d"
    " ON d.res_id = t.id AND d.module = 'service_level_management' AND d.name = 'tier_definition_agreement'"
    " WHERE COALESCE(t.definition_domain, '') NOT LIKE '%agreement_type%'",
    "clocks keep only the indexes their queries use": "SELECT count(*) FROM pg_indexes WHERE tablename ="
    " 'slm_clock' AND indexname IN ('slm_clock__agreement_id_index', 'slm_clock__deadline_index',"
    " 'slm_clock__warning_date_index', 'slm_clock__next_escalation_date_index')",
    "the clock cron's index of running clocks": "SELECT 1 - count(*) FROM pg_indexes WHERE indexname ="
    " 'slm_clock_running_idx'",
    "running clocks are in the clock cron's queue": "SELECT count(*) FROM slm_clock WHERE"
    " next_evaluation_date IS NULL AND status IN ('ongoing', 'at_risk') AND deadline IS NOT NULL",
    "the clock cron's queue is indexed": "SELECT 1 - count(*) FROM pg_indexes WHERE indexname ="
    " 'slm_clock_next_evaluation_idx'",
    "a category or tag a target is for cannot be deleted": "SELECT 2 - count(*) FROM pg_constraint WHERE"
    " contype = 'f' AND confdeltype = 'r' AND conrelid IN ('slm_target'::regclass,"
    " 'helpdesk_ticket_tag_slm_target_rel'::regclass) AND confrelid IN ('helpdesk_ticket_category'::regclass,"
    " 'helpdesk_ticket_tag'::regclass)",
    # Only agreements in force give tickets anything: drafts and proposals get their terms when they apply.
    "agreements in force keep what tickets get of them": "SELECT count(*) FROM slm_agreement WHERE state ="
    " 'active' AND (ticket_terms IS NULL OR jsonb_array_length(ticket_terms -> 'targets') = 0 AND EXISTS"
    " (SELECT 1 FROM slm_target t WHERE t.agreement_id = slm_agreement.id AND t.active AND t.metric IN"
    " ('response', 'resolution')))",
    "tickets say whether they await a response": "SELECT count(*) FROM helpdesk_ticket t WHERE"
    " COALESCE(t.slm_awaiting_response, false) <> EXISTS (SELECT 1 FROM slm_clock c WHERE c.ticket_id = t.id"
    " AND c.metric = 'response' AND (c.status IN ('ongoing', 'paused', 'at_risk') OR c.status = 'breached'"
    " AND c.reached_date IS NULL))",
    "clocks keep their target's priority": "SELECT count(*) FROM slm_clock c JOIN slm_target t ON t.id ="
    " c.target_id WHERE c.priority IS DISTINCT FROM t.priority",
    "agreements know the time zone of their dates": "SELECT count(*) FROM slm_agreement a JOIN res_company c ON"
    " c.id = a.company_id JOIN res_partner p ON p.id = c.partner_id LEFT JOIN resource_calendar s ON s.id ="
    " a.service_calendar_id LEFT JOIN resource_calendar u ON u.id = a.support_calendar_id WHERE a.tz IS"
    " DISTINCT FROM COALESCE(s.tz, u.tz, p.tz, 'UTC')",
}


def _manifest_versions(ref: str | None) -> dict:
    versions = {}
    for addon in ADDONS:
        path = f"{addon}/__manifest__.py"
        text = (
            (REPO / path).read_text()
            if ref is None
            else run(["git", "-C", REPO, "show", f"{ref}:{path}"], capture_output=True, text=True).stdout
        )
        versions[addon] = ast.literal_eval(text[text.index("{") :]).get("version")
    return versions


def previous_release() -> str:
    """The newest commit whose addon versions differ from the working tree's."""
    current = _manifest_versions(None)
    log = run(["git", "-C", REPO, "log", "--format=%H"], capture_output=True, text=True).stdout.split()
    for commit in log:
        if _manifest_versions(commit) != current:
            return commit
    raise SetupError("no earlier release in the history of the manifests")


@contextlib.contextmanager
def release_tree(ref: str, config: Path):
    """The tree of commit ``ref`` in a temporary directory, with an Odoo configuration and
    environment that load its addons and engine: ``(directory, tree, config, environment)``."""
    with tempfile.TemporaryDirectory(prefix="slm-release-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        archive = run(["git", "-C", REPO, "archive", ref], capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tf:
            tf.extractall(base, filter="data")
        base_config = Path(tmp) / "base.conf"
        base_config.write_text(config.read_text().replace(f",{REPO}\n", f",{base}\n"))
        yield Path(tmp), base, base_config, dict(odoo_env_vars(), PYTHONPATH=str(base))


def cmd_upgrade_check(args) -> int:
    """Install the previous release with demo data, upgrade it to this clone, compare what was kept."""
    ready = ready_odoo("check the upgrade")
    if not ready:
        return 1
    env, config = ready
    base_ref = args.base or previous_release()
    pg = Postgres()
    db = f"slm_upgrade_{time.strftime('%Y%m%d%H%M%S')}"
    with release_tree(base_ref, config) as (tmp, _base, base_config, base_env):
        logfile = tmp / "upgrade.log"
        try:
            say(f"installing the release of {base_ref[:10]} with demo data in {db}")
            installed = run(
                odoo_cmd(env, base_config, "-d", db, "-i", ",".join(ADDONS), "--stop-after-init", "--no-http",
                         "--log-level=warn"),
                check=False, env=base_env,
            ).returncode  # fmt: skip
            if installed:
                say("the previous release did not install")
                return 1
            last_ids = {
                table: pg.psql(f"SELECT COALESCE(max(id), 0) FROM {table}", db)
                for table, _figure in UPGRADE_CHECKS.values()
            }
            queries = {
                name: f"SELECT {figure} FROM {table} WHERE id <= {last_ids[table]}"
                for name, (table, figure) in UPGRADE_CHECKS.items()
            }
            before = {name: pg.psql(query, db) for name, query in queries.items()}
            say(f"upgrading {db} to this clone")
            upgraded = run(
                odoo_cmd(env, config, "-d", db, "-u", ",".join(ADDONS), "--stop-after-init", "--no-http",
                         "--logfile", logfile, "--log-level=info"),
                check=False, env=odoo_env_vars(),
            ).returncode  # fmt: skip
            after = {name: pg.psql(query, db) for name, query in queries.items()}
            tally = Tally()
            tally.check("upgrade finished", upgraded == 0)
            problems = log_problems(logfile) if logfile.exists() else ["no log written"]
            for line in problems[:20]:
                say(f"  log: {line}")
            tally.check("upgrade log without WARNING/ERROR", not problems)
            for name in UPGRADE_CHECKS:
                tally.check(f"{name} kept ({before[name][:40]})", before[name] == after[name])
            for name, query in UPGRADE_FILLED.items():
                tally.check(name, pg.psql(query, db) == "0")
            print(f"{tally.passed} passed, {tally.failed} failed", flush=True)
            return 1 if tally.failed else 0
        finally:
            pg.drop(db)


def cmd_bench_ab(args) -> int:
    """This clone against an earlier commit, ticket by ticket in two processes taking turns."""
    ready = ready_odoo("compare with an earlier commit")
    if not ready:
        return 1
    env, config = ready
    base_ref = args.base or previous_release()
    pg = Postgres()
    stamp = time.strftime("%Y%m%d%H%M%S")
    base_db, this_db = f"slm_ab_base_{stamp}", f"slm_ab_this_{stamp}"
    script = REPO / "benchmarks" / "bench_ab.py"
    sizes = ["--agreements", str(args.agreements), "--customers", str(args.customers)]
    with release_tree(base_ref, config) as (_tmp, base, base_config, base_env):
        try:
            say(f"installing service_level_management of {base_ref[:10]} in {base_db}")
            base_steps = [
                odoo_cmd(env, base_config, "-d", base_db, "-i", "service_level_management",
                         "--without-demo=all", "--stop-after-init", "--no-http", "--log-level=warn"),
                [env.python, script, "setup", "--config", base_config, "--database", base_db, *sizes],
            ]  # fmt: skip
            for command in base_steps:
                if run(command, check=False, env=base_env).returncode:
                    say(f"failed with {base_ref[:10]}: {' '.join(map(str, command[1:4]))}")
                    return 1
            say(f"copying {base_db} to {this_db}, upgrading it to this clone")
            pg.psql(f'CREATE DATABASE "{this_db}" TEMPLATE "{base_db}" OWNER "{PG_USER}"')
            upgrade = odoo_cmd(env, config, "-d", this_db, "-u", ",".join(ADDONS), "--stop-after-init",
                               "--no-http", "--log-level=warn")  # fmt: skip
            if run(upgrade, check=False, env=odoo_env_vars()).returncode:
                say("the upgrade to this clone failed")
                return 1
            compare = [env.python, script, "compare", "--config", config, "--database", this_db,
                       "--base-config", base_config, "--base-database", base_db, "--base-path", base,
                       "--tickets", str(args.tickets), *sizes]  # fmt: skip
            say(f"{base_ref[:10]} and this clone, taking turns")
            return run(compare, check=False, env=odoo_env_vars()).returncode
        finally:
            pg.drop(this_db)
            pg.drop(base_db)


def _free_port(first: int = 0) -> int:
    """``first`` if no one listens there, else the next free port (any free port for 0)."""
    for port in range(first, first + 100) if first else [0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise SetupError(f"no free port from {first}")


def cmd_screenshots(_args) -> int:
    """Take the screenshots of the role guides (doc/guides) over a fresh demo database."""
    ready = ready_odoo("take the screenshots")
    if not ready:
        return 1
    env, config = ready
    db = f"slm_shots_{time.strftime('%Y%m%d%H%M%S')}"
    port = _free_port()
    say(f"installing the addons with demo data and Chinese in {db}")
    args = ["-d", db, "-i", ",".join(ADDONS), "--load-language=zh_CN", "--stop-after-init", "--no-http"]
    if run(odoo_cmd(env, config, *args, "--log-level=warn"), check=False, env=odoo_env_vars()).returncode:
        Postgres().drop(db)
        return 1
    # Loading a language into a new database makes it the only one: English is the guides' first.
    Postgres().psql(
        "UPDATE res_lang SET active = TRUE WHERE code = 'en_US'; UPDATE res_partner SET lang = 'en_US'", db
    )
    serve = odoo_cmd(env, config, "-d", db, "--db-filter", f"^{db}$", "--http-port", port, "--max-cron-threads", 0,
                     "--log-level=warn")  # fmt: skip
    server = subprocess.Popen([str(part) for part in serve], env=odoo_env_vars())
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/web/login", timeout=5):
                    break
            except OSError:
                time.sleep(1)
        script = REPO / "tools" / "guide_screenshots.py"
        command = [
            env.python,
            script,
            "--url",
            url,
            "--database",
            db,
            "--chromium",
            DEBIAN_PACKAGES["chromium"],
        ]
        return run(command, check=False, env=odoo_env_vars()).returncode
    finally:
        server.terminate()
        server.wait()
        Postgres().drop(db)


def cmd_i18n(_args) -> int:
    """Export each addon's .pot from a fresh database and merge it into zh_CN.po."""
    ready = ready_odoo("export translations")
    if not ready:
        return 1
    env, config = ready
    with scratch_database(env, config, "slm_i18n") as db:
        if not db:
            return 1
        for addon in ADDONS:
            pot = REPO / addon / "i18n" / f"{addon}.pot"
            pot.parent.mkdir(exist_ok=True)
            export = [
                "-d",
                db,
                f"--i18n-export={pot}",
                f"--modules={addon}",
                "--stop-after-init",
                "--log-level=warn",
            ]
            run(odoo_cmd(env, config, *export), env=odoo_env_vars())
        run([env.python, REPO / "tools" / "i18n_merge.py", *[REPO / a for a in ADDONS]], env=odoo_env_vars())
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="serve Odoo with the addons and demo data").set_defaults(func=cmd_start)
    sub.add_parser("test", help="run every check and test").set_defaults(func=cmd_test)
    sub.add_parser("bench", help="run the benchmarks (doc/benchmarks.rst)").set_defaults(func=cmd_bench)
    bench_tickets = sub.add_parser("bench-tickets", help="ticket clocks at scale (doc/benchmarks.rst)")
    bench_tickets.add_argument("tickets", type=int, nargs="?", default=100_000)
    bench_tickets.set_defaults(func=cmd_bench_tickets)
    bench_ab = sub.add_parser("bench-ab", help="this clone against an earlier commit, taking turns")
    bench_ab.add_argument("base", nargs="?", help="a commit (default: the previous release)")
    bench_ab.add_argument("tickets", type=int, nargs="?", default=100)
    bench_ab.add_argument("--agreements", type=int, default=1000, help="active customer SLAs")
    bench_ab.add_argument("--customers", type=int, default=1, help="customers the tickets come from in turn")
    bench_ab.set_defaults(func=cmd_bench_ab)
    bench_single = sub.add_parser("bench-single", help="one ticket per transaction (doc/benchmarks.rst)")
    bench_single.add_argument("tickets", type=int, nargs="?", default=300)
    bench_single.add_argument("--agreements", type=int, default=2, help="active customer SLAs in ours")
    bench_single.add_argument(
        "--customers", type=int, default=1, help="customers the tickets come from in turn (each with its SLA)"
    )
    bench_single.add_argument(
        "--web-client",
        action="store_true",
        help="each step as the web client asks it: the ticket form's onchanges and save, the chatter's post",
    )
    for helpdesk_bench in (bench_tickets, bench_single):
        helpdesk_bench.add_argument(
            "--with-contracts",
            action="store_true",
            help="ours with underpinning_contracts, the others with purchase",
        )
    bench_single.set_defaults(func=cmd_bench_single)
    bench_mass = sub.add_parser("bench-mass", help="mass changes and crons at scale (doc/benchmarks.rst)")
    bench_mass.add_argument("tickets", type=int, nargs="?", default=100_000)
    bench_mass.add_argument("--customers", type=int, default=1_000, help="customer SLAs in ours")
    bench_mass.set_defaults(func=cmd_bench_mass)
    bench_whatif = sub.add_parser("bench-whatif", help="replay of a proposed revision (doc/benchmarks.rst)")
    bench_whatif.add_argument("tickets", type=int, nargs="?", default=10_000)
    bench_whatif.set_defaults(func=cmd_bench_whatif)
    bench_report = sub.add_parser("bench-report", help="service reports at scale (doc/benchmarks.rst)")
    bench_report.add_argument("clocks", nargs="?", type=int, default=100_000)
    bench_report.add_argument("subscriptions", nargs="?", type=int, default=1_000)
    bench_report.set_defaults(func=cmd_bench_report)
    upgrade = sub.add_parser(
        "upgrade-check", help="upgrade the previous release's demo database to this clone"
    )
    upgrade.add_argument("base", nargs="?", help="the git reference of the previous release (default: found)")
    upgrade.set_defaults(func=cmd_upgrade_check)
    sub.add_parser("screenshots", help="screenshots of the role guides (doc/guides)").set_defaults(
        func=cmd_screenshots
    )
    sub.add_parser("i18n", help="export .pot files and merge them into zh_CN.po").set_defaults(func=cmd_i18n)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        return args.func(args)
    return 130


if __name__ == "__main__":
    sys.exit(main())
