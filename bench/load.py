"""Load from client processes on loopback: keep-alive requests for a while, ballot papers sent
twice at once, and a sampler of the database connections the server holds."""

import re
import threading
import time
from collections import Counter
from http.client import HTTPConnection, HTTPException
from urllib.parse import urlencode

HOST = "127.0.0.1"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
# A receipt code as casting.receipt_code writes it: three groups of four, no 0/O/1/I.
RECEIPT = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")
UNIQUE_PER_THREAD = 1_000_000


def _send(connection, method, path, headers, body):
    """One request on a keep-alive connection: (status, body)."""
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def hammer(port, targets, seconds, threads=1, unique_base=0) -> dict:
    """``threads`` keep-alive connections, each sending ``targets`` in turn until ``seconds``
    pass. A target is (method, path, headers, body); ``{n}`` in a body becomes a number used
    once in the run (the minimal vote's voter)."""
    deadline = time.monotonic() + seconds
    results = [None] * threads

    def run(slot):
        connection = HTTPConnection(HOST, port, timeout=30)
        latencies, statuses, sizes, n = [], Counter(), {}, 0
        while time.monotonic() < deadline:
            method, path, headers, body = targets[n % len(targets)]
            unique = unique_base + slot * UNIQUE_PER_THREAD + n
            n += 1
            start = time.perf_counter()
            try:
                status, content = _send(
                    connection, method, path, headers, body and body.replace("{n}", str(unique))
                )
            except (OSError, HTTPException):
                statuses["error"] += 1
                connection.close()
                connection = HTTPConnection(HOST, port, timeout=30)
                continue
            latencies.append(time.perf_counter() - start)
            statuses[status] += 1
            sizes[path] = len(content)
        connection.close()
        results[slot] = (latencies, statuses, sizes)

    workers = [threading.Thread(target=run, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if None in results:
        raise RuntimeError("a client thread failed; see its traceback above")
    return {
        "latencies": [latency for part in results for latency in part[0]],
        "statuses": dict(sum((part[1] for part in results), Counter())),
        "sizes": {path: size for part in results for path, size in part[2].items()},
    }


def cast_twice(port, url, papers, cookies, csrf) -> dict:
    """Each voter's paper sent on two connections at the same moment; what each copy got back.

    Both requests are written before either response is read, so the server holds both at once.
    """
    pair = [HTTPConnection(HOST, port, timeout=60) for _ in range(2)]
    answers, latencies = {}, []
    for paper in papers:
        headers = {
            **FORM,
            "Cookie": f"{cookies['session']}={paper['session']}; {cookies['csrf']}={csrf}",
        }
        body = urlencode({**paper["fields"], "csrfmiddlewaretoken": csrf})
        start = time.perf_counter()
        sent = []
        for index, connection in enumerate(pair):
            try:
                connection.request("POST", url, body=body, headers=headers)
                sent.append(index)
            except (OSError, HTTPException):
                pair[index] = HTTPConnection(HOST, port, timeout=60)
        copies = [{"status": "error", "receipt": None}] * (2 - len(sent))
        for index in sent:
            try:
                response = pair[index].getresponse()
                content = response.read().decode("utf-8", "replace")
            except (OSError, HTTPException):
                pair[index].close()
                pair[index] = HTTPConnection(HOST, port, timeout=60)
                copies.append({"status": "error", "receipt": None})
                continue
            found = RECEIPT.search(content) if response.status == 200 else None
            copies.append({"status": response.status, "receipt": found and found.group(0)})
        latencies.append(time.perf_counter() - start)
        answers[str(paper["voter"])] = copies
    for connection in pair:
        connection.close()
    return {"answers": answers, "latencies": latencies}


class ConnectionSampler(threading.Thread):
    """Counts the database's connections every ``interval`` seconds; keeps the highest."""

    def __init__(self, database, interval=0.2):
        super().__init__(daemon=True)
        self.database, self.interval = database, interval
        self.highest, self.samples = 0, 0
        self.done = threading.Event()

    def run(self):
        import psycopg  # the server's driver; only the sampler needs it here

        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        dsn = "host=127.0.0.1 user=postgres dbname=postgres"  # not the bench database itself
        with psycopg.connect(dsn, autocommit=True) as connection:
            while not self.done.is_set():
                (count,) = connection.execute(query, [self.database]).fetchone()
                self.highest, self.samples = max(self.highest, count), self.samples + 1
                self.done.wait(self.interval)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.join(timeout=5)
