"""The production-like server the bench measures: its database, its environment, granian."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DATABASE = "cms_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"
PG = ["-h", "127.0.0.1", "-U", "postgres"]
WORKERS, THREADS = 2, 4  # as deploy/stack.py runs it: a pool of 4 connections, 4 threads each


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        WAGTAILADMIN_BASE_URL=f"http://{HOST}:{port}",
        DB_POOL_MAX_SIZE=str(THREADS),
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        VAR_DIR=str(ROOT / "var" / "bench"),
    )
    return env


def manage(env, *args):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def create_database(env):
    drop_database()
    subprocess.run(["createdb", *PG, DATABASE], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--force", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")


def drop_database():
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)


def django_child(env, *args) -> subprocess.CompletedProcess:
    """A bench command run inside Django (bench/inside.py) with the server's environment."""
    command = [sys.executable, "-m", "bench.inside", *args]
    return subprocess.run(command, env=env, cwd=ROOT, check=True)


@contextmanager
def granian(env, port: int):
    """granian serving the WSGI app; stopped by its process group, pass or fail."""
    command = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", HOST]
    command += ["--port", str(port), "--workers", str(WORKERS), "--blocking-threads", str(THREADS)]
    command += ["--log-level", "warning", "--no-access-log", "config.wsgi:application"]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        _wait_until_answering(server, port)
        yield server
    finally:
        _stop(server)


def _wait_until_answering(server, port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"granian exited with {server.returncode}")
        try:
            connection = HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/bench/bare/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("granian did not answer within 60 s")


def _stop(server):
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
