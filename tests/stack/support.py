"""HTTP clients, traffic and figures for the stack tests (no Django: the site is over HTTPS)."""

import json
import random
import secrets
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPConnection, HTTPSConnection
from pathlib import Path
from urllib.parse import urlencode

import psycopg

TLS = ssl._create_unverified_context()  # noqa: S323 -- the stack's own self-signed certificate
# Seconds between two comments of one resident: the site allows 5 a minute.
COMMENT_EVERY = 13.0


@dataclass
class Response:
    status: int  # 0: no answer (connection refused, reset or timed out)
    headers: Message = field(default_factory=Message)  # names in any case, as in HTTP
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class SiteClient:
    """One browser: a keep-alive HTTPS connection to nginx, its cookies, CSRF for POSTs.

    With ``node_port`` it talks to one application node's granian directly (plain HTTP), with
    the headers nginx would add, so that a test chooses which node answers.
    """

    def __init__(self, port: int, session: str = "", timeout: float = 65, node_port: int = 0):
        self.port, self.timeout, self.node_port = port, timeout, node_port
        self.csrf = secrets.token_hex(16)  # Django accepts a 32-character secret as it is
        self.cookies = {"csrftoken": self.csrf}
        if session:
            self.cookies["sessionid"] = session
        self.connection = None

    @property
    def origin(self) -> str:
        return f"https://localhost:{self.port}"

    def request(
        self, method: str, path: str, data: dict | None = None, files: dict | None = None
    ) -> Response:
        headers = {"Host": f"localhost:{self.port}", "Cookie": self._cookie_header()}
        if self.node_port:
            headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"})
        body = None
        if data is not None:
            fields = {**data, "csrfmiddlewaretoken": self.csrf}
            if files:
                body, headers["Content-Type"] = multipart(fields, files)
            else:
                body = urlencode(fields)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers.update(Origin=self.origin, Referer=self.origin + path)
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except OSError:
            self.close()
            return Response(0)
        if answer.will_close:
            self.close()
        return response

    def _connect(self):
        if self.node_port:
            return HTTPConnection("127.0.0.1", self.node_port, timeout=self.timeout)
        return HTTPSConnection("127.0.0.1", self.port, timeout=self.timeout, context=TLS)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, files: dict | None = None) -> Response:
        return self.request("POST", path, data, files)

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type; ``files``: name → (filename, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(head.encode() + str(value).encode() + b"\r\n")
    for name, (filename, content) in files.items():
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Hit:
    at: float  # monotonic time the request was sent
    seconds: float
    status: int
    token: str = ""  # a comment's marker, for POSTs
    location: str = ""

    @property
    def stored(self) -> bool:
        """A comment POST answered by the redirect to the new comment."""
        return self.status == 302 and "#comment-" in self.location


class Traffic:
    """``clients`` residents reading pages and posting comments until stopped.

    Each client signs in as its own residents (two sessions, taking turns), reads a random
    public page, and every COMMENT_EVERY seconds per resident posts a comment carrying a unique
    token, so that afterwards each answer can be matched with the rows in the database.
    """

    def __init__(self, stack, sessions: list[str], clients: int, write: bool = True):
        self.stack, self.write = stack, write
        self.sessions = [sessions[2 * n : 2 * n + 2] for n in range(clients)]
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.run_id = uuid.uuid4().hex[:8]
        self.threads = [
            threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(clients)
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(70)

    def _client(self, number: int) -> None:
        seed = self.stack.seed
        clients = [SiteClient(self.stack.port, session) for session in self.sessions[number]]
        next_post = [time.monotonic() + random.uniform(0, 3), time.monotonic() + 6.5]
        turn, count = 0, 0
        while not self.stop.is_set():
            turn = 1 - turn
            client = clients[turn]
            if self.write and time.monotonic() >= next_post[turn]:
                next_post[turn] = time.monotonic() + COMMENT_EVERY
                token = f"load-{self.run_id}-{number}-{count}"
                count += 1
                sent = time.monotonic()
                response = client.post(seed["comment_post"], {"body": f"压力测试评论 {token}"})
                self._record(sent, response, token)
            else:
                sent = time.monotonic()
                self._record(sent, client.get(random.choice(seed["pages"])))
        for client in clients:
            client.close()

    def _record(self, sent: float, response: Response, token: str = "") -> None:
        location = response.headers.get("Location", "")
        hit = Hit(sent, time.monotonic() - sent, response.status, token, location)
        with self.lock:
            self.hits.append(hit)

    def failures(self, after: float = 0.0) -> list[Hit]:
        """Requests sent at or after monotonic time ``after`` that got a 5xx or no answer."""
        return [hit for hit in self.hits if hit.at >= after and not 0 < hit.status < 500]

    def latency(self) -> dict:
        seconds = sorted(hit.seconds for hit in self.hits) or [0.0]
        return {
            "p50_s": round(seconds[len(seconds) // 2], 2),
            "p95_s": round(seconds[int(len(seconds) * 0.95)], 2),
            "max_s": round(seconds[-1], 2),
        }

    def writes(self) -> dict:
        """Each comment POST matched with the database: lost and doubled must both be 0."""
        rows = comment_rows(self.stack.database_url, f"load-{self.run_id}-%")
        posts = [hit for hit in self.hits if hit.token]
        stored = [hit for hit in posts if hit.stored]
        refused = [hit for hit in posts if not hit.stored and 0 < hit.status < 500]
        return {
            "posted": len(posts),
            "stored": len(stored),
            "refused": len(refused),
            "lost": sum(1 for hit in stored if rows.get(hit.token, 0) == 0),
            "doubled": sum(1 for count in rows.values() if count > 1)
            + sum(1 for hit in refused if rows.get(hit.token, 0)),
            "unanswered": len(posts) - len(stored) - len(refused),
            "rows": sum(rows.values()),
        }


def comment_rows(database_url: str, pattern: str) -> dict[str, int]:
    """How many comment rows carry each token that matches ``pattern``."""
    query = (
        "SELECT substring(body from 'load-[0-9a-f]+-[0-9]+-[0-9]+'), count(*) "
        "FROM participation_comments_comment WHERE body LIKE %s GROUP BY 1"
    )
    with psycopg.connect(database_url) as connection:
        return dict(connection.execute(query, ["%" + pattern]).fetchall())


class ConnectionSampler:
    """The most connections the site's database had open at once (pg_stat_activity),
    sampled from the server's `postgres` database so that the sampler itself is not counted."""

    def __init__(self, server_url: str, database: str, every: float = 0.1):
        self.server_url, self.database, self.every = server_url, database, every
        self.maximum = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)

    def _sample(self) -> None:
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        with psycopg.connect(self.server_url, autocommit=True) as connection:
            while not self.stop.is_set():
                count = connection.execute(query, [self.database]).fetchone()[0]
                self.maximum = max(self.maximum, count)
                self.stop.wait(self.every)


def report(var: Path, name: str, figures: dict) -> None:
    """Print the figures (pytest -s shows them) and keep them in var/.../summary.json."""
    print(f"\n[stack] {name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()))
    path = var / "summary.json"
    summary = json.loads(path.read_text()) if path.exists() else {}
    summary[name] = {**figures, "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
