#!/usr/bin/env python3
"""The production stack on this machine, from a fresh clone: `make prod` or `deploy/stack.py`.

    .venv/bin/python deploy/stack.py [--port 8443] [--workers 2] [--pool 4] [--var var/prod]
                                     [--nodes 1] [--demo] [--no-setup]

- nginx (Debian's package) terminates TLS with a self-signed certificate made at each start,
  serves /static/ and public images under /media/, passes protected files (opinion attachments,
  documents) only after the site's permission check (X-Accel-Redirect to an internal location),
  and proxies the rest to granian over a Unix socket that only nginx may open. It keeps anonymous
  pages (proxy_cache) that the site purges with PURGE requests to a free loopback port
  (PROXY_CACHE_PURGE_URL, set for every process; docs/production.md, "Page caches").
- granian runs the WSGI app with production settings: WORKERS processes, each with a pool of
  at most POOL PostgreSQL connections and as many threads (a thread never waits for a connection).
- the task worker (`manage.py db_worker`) and the scheduler (`manage.py run_scheduler`), one
  pooled connection each.
- with --nodes N (N > 1), N application nodes as on N machines: N granian servers, each on a
  free loopback TCP port, behind one nginx upstream, and a task worker and a scheduler per node
  (docs/scaling.md). Nothing is local to a node: sessions and the page cache in Redis, tasks and
  the scheduler's schedule in PostgreSQL, and media in the object store when MEDIA_S3_BUCKET is
  set (nginx then forwards /media/images/ and /media/original_images/ to the bucket).

Before starting: the database is created if missing, then compilemessages, migrate,
collectstatic, and with --demo (or DEMO=1) load_demo. The connection budget is checked against
the server's max_connections. Every process is supervised (restarted if it dies); Ctrl-C or
SIGTERM stops them all by PID; SIGHUP makes granian respawn its workers one by one.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/community_cms), REDIS_URL
(default redis://127.0.0.1:6379/0), SECRET_KEY (default: made once and kept under --var), and any
production setting from the README. Every file it writes lives under --var: nginx.conf, the
certificate, the socket, static files, media, logs/ and stack.json (URL, PIDs, node ports).
"""

import argparse
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")  # Debian's package
NGINX_USER = "www-data"  # nginx's workers when started as root (Debian's nginx user)
RESTARTS_PER_MINUTE = 5  # a process that dies more often than this stops the stack


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add, env = parser.add_argument, os.environ.get
    add("--host", default=env("STACK_HOST", "127.0.0.1"), help="where nginx listens")
    add("--port", type=int, default=int(env("STACK_PORT", "0")), help="HTTPS port (0: a free one)")
    add("--workers", type=int, default=int(env("WEB_WORKERS", "2")), help="granian workers")
    add("--pool", type=int, default=int(env("DB_POOL_MAX_SIZE", "4")), help="connections a worker")
    add("--var", type=Path, default=Path(env("STACK_VAR", "var/prod")), help="all files go here")
    add("--nodes", type=int, default=int(env("STACK_NODES", "1")), help="application nodes")
    add("--demo", action="store_true", default=env("DEMO") == "1", help="load the demo (DEMO=1)")
    add("--no-setup", dest="setup", action="store_false", help="skip migrate, collectstatic…")
    args = parser.parse_args()
    args.var = (ROOT / args.var).resolve()
    args.port = args.port or free_port()
    args.purge_port = free_port()
    args.node_ports = [free_port() for _ in range(args.nodes)] if args.nodes > 1 else []
    return args


def secret_key(var: Path) -> str:
    """SECRET_KEY from the environment, else one made once and kept under var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = var / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def site_env(args) -> dict:
    """The production settings of every process; the operator's environment wins."""
    origin = f"https://localhost:{args.port}"
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/community_cms",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": ".localhost,127.0.0.1",  # .localhost: every community's host name
        "CSRF_TRUSTED_ORIGINS": f"{origin},https://*.localhost:{args.port},https://127.0.0.1:{args.port}",
        "WAGTAILADMIN_BASE_URL": origin,
        # A self-signed certificate for localhost: HSTS would pin every localhost port to HTTPS
        # in the browser. Set it (the production default is a year) for a real host name.
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        # A local stack sends no SMS: they are written under var/sms.
        "SMS_ALLOW_FILE_BACKEND": "1",
        **os.environ,
        # What the stack itself decides.
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        "VAR_DIR": str(args.var),
        "SECRET_KEY": secret_key(args.var),
        "BEHIND_TLS_PROXY": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "PROTECTED_MEDIA_ACCEL": "1",
        "TASKS_BACKEND": "database",
        "DB_POOL_MAX_SIZE": str(args.pool),
        # nginx's page cache takes PURGE requests here (deploy/nginx.conf.in).
        "PROXY_CACHE_PURGE_URL": f"http://127.0.0.1:{args.purge_port}",
    }
    env.setdefault("STATIC_ROOT", str(args.var / "static"))
    env.setdefault("MEDIA_ROOT", str(args.var / "media"))
    if env.get("MEDIA_S3_BUCKET"):
        # Public images at the site's own address; nginx forwards them to the bucket.
        env.setdefault("MEDIA_S3_PUBLIC_URL", f"{origin}/media")
    return env


def manage(env, *command: str) -> None:
    """A management command; its output goes to logs/setup.log, shown if it fails."""
    log(command[0])
    path = Path(env["VAR_DIR"]) / "logs" / "setup.log"
    with path.open("a") as out:
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode:
        tail = "\n".join(path.read_text().splitlines()[-30:])
        raise SystemExit(f"{command[0]} failed (logs/setup.log):\n{tail}")


def database(env):
    """A psycopg connection to the site's database server (its `postgres` database)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(env["DATABASE_URL"])
    params = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    return psycopg.connect(dbname="postgres", autocommit=True, **params), config["NAME"]


def ensure_database(env) -> None:
    from psycopg import sql

    connection, name = database(env)
    with connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not connection.execute(query, [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def check_budget(env, args) -> dict:
    """Per node, workers × pool (+ one worker while granian reloads) + task worker + scheduler
    must fit, for all nodes, in max_connections − superuser_reserved_connections; refuse to
    start otherwise."""
    connection, _ = database(env)
    with connection:
        maximum = int(connection.execute("SHOW max_connections").fetchone()[0])
        reserved = int(connection.execute("SHOW superuser_reserved_connections").fetchone()[0])
    steady = args.nodes * (args.workers * args.pool + 2)
    budget = {"max_connections": maximum, "reserved": reserved, "steady": steady}
    budget["during_reload"] = steady + args.pool
    nodes = f"{args.nodes} nodes × " if args.nodes > 1 else ""
    log(
        f"connections: {nodes}{args.workers} workers × pool {args.pool} + task worker + "
        f"scheduler = {steady} ({budget['during_reload']} while granian reloads) of "
        f"max_connections {maximum} − reserved {reserved}"
    )
    if budget["during_reload"] > maximum - reserved:
        raise SystemExit("The connection budget exceeds the server's: lower --workers or --pool.")
    return budget


def setup(env, demo: bool) -> None:
    ensure_database(env)
    if shutil.which("msgfmt"):
        manage(env, "compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    if demo:
        manage(env, "load_demo", "--force", "-v0")


def make_certificate(tls: Path) -> None:
    """A self-signed certificate for localhost and 127.0.0.1, new at each start."""
    tls.mkdir(mode=0o700, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "30", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", str(tls / "key.pem"), "-out", str(tls / "cert.pem")],
        check=True,
        capture_output=True,
    )


def traversable_by(path: Path, account) -> bool:
    """Whether ``account`` may pass through every directory from / down to ``path``."""
    for directory in (path, *path.parents):
        info = directory.stat()
        if info.st_uid == account.pw_uid:
            bit = stat.S_IXUSR
        elif info.st_gid == account.pw_gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not info.st_mode & bit:
            return False
    return True


def nginx_worker(var: Path):
    """The account nginx's workers run as when started as root: Debian's nginx user, unless
    var/ lies where it cannot reach (a clone in a private temporary directory), then root."""
    worker = pwd.getpwnam(NGINX_USER)
    return worker if traversable_by(var, worker) else pwd.getpwuid(0)


def prepare_files(args, env) -> Path:
    """Directories, certificate and nginx.conf under var/; returns the nginx.conf path."""
    root = os.geteuid() == 0
    worker = nginx_worker(args.var) if root else None
    for sub in ("logs", "nginx/tmp", "nginx/cache", "run"):
        (args.var / sub).mkdir(parents=True, exist_ok=True)
    # The socket's directory decides who may talk to granian: only this user and nginx's.
    run = args.var / "run"
    run.chmod(0o750 if root else 0o700)
    if worker:
        os.chown(run, 0, worker.pw_gid)
        for sub in ("tmp", "cache"):
            os.chown(args.var / "nginx" / sub, worker.pw_uid, worker.pw_gid)
    make_certificate(args.var / "tls")
    values = {
        "VAR": str(args.var),
        "USER": f"user {worker.pw_name};" if worker else "",
        "HOST": args.host,
        "PORT": str(args.port),
        "PURGE_PORT": str(args.purge_port),
        "PURGE_MODULE": str(PURGE_MODULE),
        "UPSTREAM": upstream_servers(args),
        "STATIC_ROOT": env["STATIC_ROOT"],
        "MEDIA": media_locations(env),
        "MEDIA_ROOT": env["MEDIA_ROOT"],
    }
    text = (ROOT / "deploy" / "nginx.conf.in").read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    config = args.var / "nginx" / "nginx.conf"
    config.write_text(text)
    Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
    return config


def upstream_servers(args) -> str:
    """nginx's upstream: granian's socket, or every node's port."""
    if not args.node_ports:
        return f"server unix:{args.var / 'run' / 'granian.sock'};"
    return "\n        ".join(f"server 127.0.0.1:{port};" for port in args.node_ports)


def media_locations(env) -> str:
    """Public images and renditions: from MEDIA_ROOT, or forwarded to the object store."""
    if not env.get("MEDIA_S3_BUCKET"):
        return (
            (ROOT / "deploy" / "nginx-media-local.conf.in")
            .read_text()
            .replace("@MEDIA_ROOT@", env["MEDIA_ROOT"])
        )
    bucket = env["MEDIA_S3_BUCKET"]
    endpoint = env.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    origin = f"{endpoint}/{bucket}" if endpoint else f"https://{bucket}.s3.amazonaws.com"
    return (ROOT / "deploy" / "nginx-media-s3.conf.in").read_text().replace("@BUCKET_URL@", origin)


class Supervised:
    """One child process in its own process group, logging to var/logs/<name>.log."""

    def __init__(self, name: str, argv: list[str], env: dict, logs: Path):
        self.name, self.argv, self.env = name, argv, env
        self.log_path = logs / f"{name}.log"
        self.process = None
        self.restarts: list[float] = []

    def start(self) -> None:
        with self.log_path.open("a") as out:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                process_group=0,
            )

    def died(self) -> bool:
        return self.process.poll() is not None

    def signal(self, signum: int) -> None:
        if self.process and not self.died():
            self.process.send_signal(signum)

    def kill_group(self) -> None:
        """Whatever is left of its process group (granian's workers, nginx's)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def processes(args, env, nginx_conf: Path) -> list[Supervised]:
    """granian, the task worker and the scheduler of each node, then nginx; granian first."""
    logs = args.var / "logs"
    nginx = [NGINX, "-p", str(args.var / "nginx"), "-c", str(nginx_conf)]
    nginx += ["-e", str(logs / "nginx-error.log")]
    if not args.node_ports:
        socket_path = args.var / "run" / "granian.sock"
        listen = ["--uds", str(socket_path)]
        listen += ["--uds-permissions", "666" if os.geteuid() == 0 else "600"]
        return [*node_processes(args, env, listen, ""), Supervised("nginx", nginx, env, logs)]
    children = []
    for number, port in enumerate(args.node_ports, start=1):
        listen = ["--host", "127.0.0.1", "--port", str(port)]
        children += node_processes(args, env, listen, f"-{number}")
    # granian first, as in one node (a SIGHUP reaches every granian).
    children.sort(key=lambda child: not child.name.startswith("granian"))
    return [*children, Supervised("nginx", nginx, env, logs)]


def node_processes(args, env, listen: list[str], suffix: str) -> list[Supervised]:
    """One node: granian listening as told, a task worker and a scheduler."""
    granian = [str(BIN / "granian"), "--interface", "wsgi", *listen]
    granian += ["--workers", str(args.workers), "--blocking-threads", str(args.pool)]
    granian += ["--respawn-failed-workers", "--workers-kill-timeout", "30"]
    granian += ["--log-level", "info", "--no-access-log", "config.wsgi:application"]
    one_connection = {**env, "DB_POOL_MAX_SIZE": "1"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    logs = args.var / "logs"
    return [
        Supervised(f"granian{suffix}", granian, env, logs),
        Supervised(f"worker{suffix}", [*manage, "db_worker"], one_connection, logs),
        Supervised(f"scheduler{suffix}", [*manage, "run_scheduler"], one_connection, logs),
    ]


def answers(url: str) -> bool:
    context = ssl._create_unverified_context()  # noqa: S323 -- our own self-signed certificate
    try:
        with urllib.request.urlopen(url, context=context, timeout=5) as response:  # noqa: S310
            return response.status < 500
    except OSError:
        return False


class Stack:
    def __init__(self, args, env, nginx_conf: Path, budget: dict):
        self.args, self.budget = args, budget
        self.children = processes(args, env, nginx_conf)
        self.url = f"https://localhost:{args.port}"
        self.stopping = False
        self.reload_requested = False

    def write_state(self, ready: bool) -> None:
        state = {
            "url": self.url,
            "port": self.args.port,
            "purge_url": f"http://127.0.0.1:{self.args.purge_port}",
            "pid": os.getpid(),
            "ready": ready,
            "processes": {child.name: child.process.pid for child in self.children},
            "node_ports": self.args.node_ports,
            "budget": self.budget,
        }
        path = self.args.var / "stack.json"
        path.with_suffix(".tmp").write_text(json.dumps(state, indent=2))
        path.with_suffix(".tmp").replace(path)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        signal.signal(signal.SIGHUP, self.request_reload)
        try:
            for child in self.children:
                child.start()
            self.write_state(ready=False)
            self.wait_until_ready()
            log(f"ready: {self.url}/ (logs in {self.args.var / 'logs'}; Ctrl-C stops)")
            return self.supervise()
        finally:
            self.stop_all()

    def wait_until_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not answers(f"https://127.0.0.1:{self.args.port}/"):
            if self.stopping:
                return
            for child in self.children:
                if child.died():
                    raise SystemExit(f"{child.name} stopped at start: see {child.log_path}")
            if time.monotonic() > deadline:
                raise SystemExit(f"the site did not answer within {seconds:.0f} s")
            time.sleep(0.5)
        self.write_state(ready=True)

    def supervise(self) -> int:
        while not self.stopping:
            if self.reload_requested:
                self.reload_requested = False
                log("SIGHUP: granian respawns its workers")
                for child in self.children:
                    if child.name.startswith("granian"):
                        child.signal(signal.SIGHUP)
            for child in self.children:
                if child.died() and not self.stopping and not self.restart(child):
                    return 1
            time.sleep(0.2)
        return 0

    def restart(self, child: Supervised) -> bool:
        now = time.monotonic()
        child.restarts = [at for at in child.restarts if now - at < 60] + [now]
        code = child.process.returncode
        if len(child.restarts) > RESTARTS_PER_MINUTE:
            log(f"{child.name} exited {code} too often: stopping (see {child.log_path})")
            return False
        log(f"{child.name} exited {code}: starting it again (see {child.log_path})")
        child.kill_group()
        child.start()
        self.write_state(ready=True)
        return True

    def request_stop(self, *_):
        self.stopping = True

    def request_reload(self, *_):
        self.reload_requested = True

    def stop_all(self, seconds: float = 40) -> None:
        """nginx first (no new requests), then the rest; SIGKILL what is left after `seconds`
        (granian gives its workers 30 s to finish their requests)."""
        for child in reversed(self.children):
            child.signal(signal.SIGTERM if child.name != "nginx" else signal.SIGQUIT)
        deadline = time.monotonic() + seconds
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{child.name} did not stop in time: killed")
            child.kill_group()
        log("stopped")


def main() -> int:
    args = parse_args()
    if not Path(NGINX).exists() or not PURGE_MODULE.exists():
        raise SystemExit(
            "nginx or its cache purge module is missing: `make nginx` installs Debian's "
            "nginx and libnginx-mod-http-cache-purge."
        )
    (args.var / "logs").mkdir(parents=True, exist_ok=True)
    env = site_env(args)
    if args.setup:
        setup(env, args.demo)
    budget = check_budget(env, args)
    nginx_conf = prepare_files(args, env)
    subprocess.run(
        [
            NGINX,
            "-t",
            "-q",
            "-p",
            str(args.var / "nginx"),
            "-c",
            str(nginx_conf),
            "-e",
            str(args.var / "logs" / "nginx-error.log"),
        ],
        check=True,
    )
    return Stack(args, env, nginx_conf, budget).run()


if __name__ == "__main__":
    sys.exit(main())
