"""The production stack (deploy/stack.py), started once per session for the fault tests.

It runs on free ports with its own PostgreSQL database and its own redis-server (on a free port,
started and stopped here, so the Redis test can stop it; the machine's Redis is never touched).
The database is copied from a template that holds the migrated schema and the demo community;
the template is rebuilt only when a migration or the demo changes (a key of their contents is
kept as the template's comment), because migrating and loading the demo take minutes on a busy
two-core machine. Everything started here is stopped by PID at the end, pass or fail.

Durations and sizes come from the environment: STACK_LOAD_SECONDS (30), STACK_LOAD_CLIENTS (64),
STACK_FAULT_SECONDS (12), STACK_FAULT_CLIENTS (16), STACK_START_SECONDS (300).
"""

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.stack.support import SiteClient

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "stack-tests"
PYTHON = sys.executable


def setting(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


LOAD_SECONDS = setting("STACK_LOAD_SECONDS", 30)
LOAD_CLIENTS = int(setting("STACK_LOAD_CLIENTS", 64))
FAULT_SECONDS = setting("STACK_FAULT_SECONDS", 12)
FAULT_CLIENTS = int(setting("STACK_FAULT_CLIENTS", 16))
START_SECONDS = setting("STACK_START_SECONDS", 300)
WORKERS, POOL = 2, 4


def server_url() -> tuple[str, str]:
    """The PostgreSQL server of the other suites (its `postgres` database) and a base name."""
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/community_cms"
    base, _, name = url.rpartition("/")
    return f"{base}/postgres", name.split("?")[0]


SERVER, BASE_NAME = server_url()
DATABASE = f"test_{BASE_NAME}_stack"
TEMPLATE = f"{BASE_NAME}_stack_template"


def database_url(name: str) -> str:
    return SERVER.rpartition("/")[0] + f"/{name}"


def admin(statement, *args) -> list:
    with psycopg.connect(SERVER, autocommit=True) as connection:
        cursor = connection.execute(statement, args or None)
        return cursor.fetchall() if cursor.description else []


def drop(name: str) -> None:
    admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def schema_key() -> str:
    """Changes whenever a migration or the demo does."""
    files = [
        path
        for pattern in ("*/migrations/*.py", "*/*/migrations/*.py", "**/demo.py", "**/factories.py")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts
    ]
    files.append(ROOT / "home" / "management" / "commands" / "load_demo.py")
    digest = hashlib.sha256()
    for path in sorted(set(files)):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def site_env(name: str, var: Path, secret: str, redis_url: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        "DATABASE_URL": database_url(name),
        "REDIS_URL": redis_url,
        "SECRET_KEY": secret,
        "VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SMS_ALLOW_FILE_BACKEND": "1",
        "LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "https://localhost",
    }


def manage(env: dict, *command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], env=env, cwd=ROOT, check=True)


def ensure_template() -> Path:
    """The template database and its media; returns the media directory."""
    key = schema_key()
    media = VAR / "template" / "media"
    found = admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        TEMPLATE,
    )
    if found and found[0][0] == key and media.is_dir():
        return media
    drop(TEMPLATE)
    shutil.rmtree(VAR / "template", ignore_errors=True)
    admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
    env = site_env(TEMPLATE, VAR / "template", secrets.token_urlsafe(50))
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--force", "-v0")
    except BaseException:
        drop(TEMPLATE)
        raise
    admin(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(TEMPLATE), key))
    media.mkdir(parents=True, exist_ok=True)
    return media


class RedisServer:
    """A redis-server of our own on a free port, without persistence."""

    def __init__(self, port: int, directory: Path):
        self.port, self.directory, self.process = port, directory, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            != "PONG"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def keys(self) -> int:
        out = subprocess.run(
            ["redis-cli", "-p", str(self.port), "dbsize"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(out.stdout.strip())


@dataclass
class Stack:
    """The running stack as the tests see it."""

    process: subprocess.Popen
    state: dict
    env: dict
    redis: RedisServer
    var: Path
    seed: dict = field(default_factory=dict)
    taken: int = 0

    @property
    def port(self) -> int:
        return self.state["port"]

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def database(self) -> str:
        return DATABASE

    @property
    def server_url(self) -> str:
        return SERVER

    def sessions(self, count: int) -> list[str]:
        """Signed-in residents no other test uses (each has its own comment rate limit)."""
        taken, self.taken = self.taken, self.taken + count
        sessions = self.seed["cookies"][taken : self.taken]
        assert len(sessions) == count, "seed more residents (conftest.stack)"
        return sessions

    def client(self, session: str = "") -> SiteClient:
        return SiteClient(self.port, session)

    def healthy(self, path: str = "/", seconds: float = 60) -> None:
        """Wait until ``path`` answers 200 (after a fault) or fail."""
        client, deadline = self.client(), time.monotonic() + seconds
        while (status := client.get(path).status) != 200:
            assert time.monotonic() < deadline, f"{path} still answers {status}"
            time.sleep(0.5)
        client.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(process: subprocess.Popen, state_file: Path, log: Path) -> dict:
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"deploy/stack.py exited {process.returncode}:\n{log.read_text()}")
        if state_file.exists() and (state := json.loads(state_file.read_text()))["ready"]:
            return state
        if time.monotonic() > deadline:
            raise RuntimeError(f"no stack within {START_SECONDS:.0f} s:\n{log.read_text()}")
        time.sleep(0.5)


def stop_stack(process: subprocess.Popen, state_file: Path) -> None:
    """SIGTERM to stack.py (it stops its children); SIGKILL to whatever is left after 60 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if state_file.exists():
        for pid in json.loads(state_file.read_text())["processes"].values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)  # each child leads its own process group


@pytest.fixture(scope="session")
def stack():
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("nginx is missing: `make nginx` installs Debian's package", pytrace=False)
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing (apt-get install redis-server)", pytrace=False)
    try:
        admin("SELECT 1")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {SERVER} does not answer: {error}", pytrace=False)
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    template_media = ensure_template()
    site = VAR / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(template_media, site / "media")
    drop(DATABASE)
    admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(DATABASE), sql.Identifier(TEMPLATE)
        )
    )
    redis = RedisServer(free_port(), VAR)
    redis.start()
    env = site_env(DATABASE, site, secrets.token_urlsafe(50), redis.url)
    log = VAR / "stack.log"
    command = [PYTHON, "deploy/stack.py", "--var", str(site)]
    command += ["--workers", str(WORKERS), "--pool", str(POOL)]
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        state = wait_until_ready(process, site / "stack.json", log)
        seeded = subprocess.run(
            [PYTHON, "tests/stack/seed.py", str(2 * LOAD_CLIENTS + 4 * FAULT_CLIENTS + 8)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if seeded.returncode:
            pytest.fail(f"tests/stack/seed.py failed:\n{seeded.stderr}", pytrace=False)
        stack = Stack(process, state, env, redis, VAR, json.loads(seeded.stdout.splitlines()[0]))
        print(f"\n[stack] up in {time.monotonic() - started:.0f} s at {state['url']}/")
        yield stack
    finally:
        stop_stack(process, site / "stack.json")
        redis.stop()
        drop(DATABASE)
