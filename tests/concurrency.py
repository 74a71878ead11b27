"""Running the same work in real parallel threads, each with its own database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

# PostgreSQL's default max_connections is 100; leave room for the test runner and the server.
MAX_WORKERS = 40


def run_in_parallel(func, calls, workers=MAX_WORKERS):
    """Run ``func(*args)`` for every args tuple in ``calls`` at once; return results in order.

    A barrier holds the first batch of threads until all have started, so that they really
    race; each call closes its thread's connection so the pool never exhausts the server.
    """
    workers = min(workers, len(calls))
    barrier = threading.Barrier(workers)
    started = threading.local()

    def call(args):
        if not getattr(started, "done", False):
            started.done = True
            barrier.wait(timeout=30)
        try:
            return func(*args)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, calls))
