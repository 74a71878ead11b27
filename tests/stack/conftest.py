"""The production stack (deploy/stack.py), started once per session for the fault tests.

It runs on free ports with its own PostgreSQL database and its own redis-server (on a free port,
started and stopped here, so the Redis test can stop it; the machine's Redis is never touched).
The database is copied from a template that holds the migrated schema and the demo community;
the template is rebuilt only when a migration or the demo changes (a key of their contents is
kept as the template's comment), because migrating and loading the demo take minutes on a busy
two-core machine. Everything started here is stopped by PID at the end, pass or fail.

The two-node stack (fixture ``two_nodes``, tests/stack/test_two_nodes.py) is the same stack with
``--nodes 2``: two granian servers behind one nginx upstream, two task workers, two schedulers,
its own database copied from the same template, its own redis-server and an S3 object store
(moto's server on a free port, started and stopped by PID here) for every uploaded file.

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

from config.media import public_read_policy
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
NODES_DATABASE = f"test_{BASE_NAME}_stack_nodes"
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


def require_servers() -> None:
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("nginx is missing: `make nginx` installs Debian's package", pytrace=False)
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing (apt-get install redis-server)", pytrace=False)
    try:
        admin("SELECT 1")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {SERVER} does not answer: {error}", pytrace=False)
    VAR.mkdir(parents=True, exist_ok=True)


def copy_template(database: str) -> None:
    drop(database)
    admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(database), sql.Identifier(TEMPLATE)
        )
    )


def seed(env: dict, residents: int) -> dict:
    seeded = subprocess.run(
        [PYTHON, "tests/stack/seed.py", str(residents)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if seeded.returncode:
        pytest.fail(f"tests/stack/seed.py failed:\n{seeded.stderr}", pytrace=False)
    return json.loads(seeded.stdout.splitlines()[0])


@pytest.fixture(scope="session")
def stack():
    require_servers()
    started = time.monotonic()
    template_media = ensure_template()
    site = VAR / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(template_media, site / "media")
    copy_template(DATABASE)
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
        seeded = seed(env, 2 * LOAD_CLIENTS + 4 * FAULT_CLIENTS + 8)
        stack = Stack(process, state, env, redis, VAR, seeded)
        print(f"\n[stack] up in {time.monotonic() - started:.0f} s at {state['url']}/")
        yield stack
    finally:
        stop_stack(process, site / "stack.json")
        redis.stop()
        drop(DATABASE)


class MotoServer:
    """moto's S3 server on a free port (an object store of our own), started and stopped by PID."""

    BUCKET = "community-media"
    CREDENTIALS = {"AWS_ACCESS_KEY_ID": "stack", "AWS_SECRET_ACCESS_KEY": "stack-secret"}

    def __init__(self, port: int, log: Path):
        self.port, self.log, self.process = port, log, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client().create_bucket(Bucket=self.BUCKET)
                break
            except Exception:  # not listening yet, whatever botocore calls it
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.2)
        policy = json.dumps(public_read_policy(self.BUCKET))
        self.client().put_bucket_policy(Bucket=self.BUCKET, Policy=policy)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=self.CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def objects(self) -> list[str]:
        """The keys of every object in the bucket."""
        paginator = self.client().get_paginator("list_objects_v2")
        return [
            item["Key"]
            for page in paginator.paginate(Bucket=self.BUCKET)
            for item in page.get("Contents", [])
        ]

    def upload(self, media: Path) -> None:
        """The template's media, where the site's storages look for them (config/media.py)."""
        client = self.client()
        for path in media.rglob("*"):
            if path.is_file():
                key = path.relative_to(media).as_posix()
                if key.startswith("hearings/"):
                    key = f"protected/{key}"
                client.upload_file(str(path), self.BUCKET, key)

    def env(self) -> dict:
        return {
            "MEDIA_S3_BUCKET": self.BUCKET,
            "MEDIA_S3_ENDPOINT_URL": self.url,
            "MEDIA_S3_REGION": "us-east-1",
            **self.CREDENTIALS,
        }

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class NodesStack(Stack):
    """The two-node stack: ``node(n)`` talks to node n's granian directly, ``client()`` to nginx."""

    moto: MotoServer | None = None
    launched: float = 0.0  # monotonic time deploy/stack.py was started (the schedulers with it)

    @property
    def database(self) -> str:
        return NODES_DATABASE

    @property
    def node_ports(self) -> list[int]:
        return self.state["node_ports"]

    def node(self, number: int, session: str = "") -> SiteClient:
        return SiteClient(self.port, session, node_port=self.node_ports[number - 1])

    def log(self, name: str) -> str:
        path = self.var / "nodes" / "logs" / f"{name}.log"
        return path.read_text() if path.exists() else ""


@pytest.fixture(scope="session")
def two_nodes():
    require_servers()
    started = time.monotonic()
    template_media = ensure_template()
    var = VAR / "nodes"
    shutil.rmtree(var, ignore_errors=True)
    (var / "media").mkdir(parents=True)
    copy_template(NODES_DATABASE)
    redis = RedisServer(free_port(), VAR)
    moto = MotoServer(free_port(), VAR / "moto.log")
    process = None
    try:
        redis.start()
        moto.start()
        moto.upload(template_media)
        env = site_env(NODES_DATABASE, var, secrets.token_urlsafe(50), redis.url)
        # INFO: the schedulers log each job they run (test_two_nodes counts them).
        env.update({**moto.env(), "LOG_LEVEL": "INFO"})
        # The database is a migrated copy and the catalogues are compiled: static files are
        # all the stack's own setup would still have to make.
        manage(env, "collectstatic", "--noinput", "-v0")
        command = [PYTHON, "deploy/stack.py", "--var", str(var), "--nodes", "2", "--no-setup"]
        command += ["--workers", "1", "--pool", "2"]
        launched = time.monotonic()
        with (VAR / "nodes-stack.log").open("w") as out:
            process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )
        state = wait_until_ready(process, var / "stack.json", VAR / "nodes-stack.log")
        nodes = NodesStack(process, state, env, redis, VAR, seed(env, 4), moto=moto)
        nodes.launched = launched
        print(f"\n[stack] two nodes up in {time.monotonic() - started:.0f} s at {state['url']}/")
        yield nodes
    finally:
        if process is not None:
            stop_stack(process, var / "stack.json")
        moto.stop()
        redis.stop()
        drop(NODES_DATABASE)
