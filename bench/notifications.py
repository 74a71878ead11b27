"""Issue 13's figures for notices (通知公告): enqueueing, delivery, two workers at once.

    .venv/bin/python -m bench.notifications          # about 2 minutes; writes the doc below

On PostgreSQL (database ``cms_bench_notify``, made afresh), with production settings, the
database task queue and the file backends for e-mail and SMS:

- a notice to 10,000 verified residents: the time ``broadcasts.send`` takes (what the staff's
  request waits for: planning, the inbox items, the deliveries, the queued tasks) and its
  queries;
- one worker draining it (``delivery.drain``, as the queued tasks do): deliveries per second
  and queries per delivery, also for 1,000 recipients, to show they do not grow;
- two worker processes draining the same 10,000 deliveries at once: each says which it sent;
  none may be sent twice, none left unsent, and the files hold exactly one message each.

Results go to ``docs/benchmarks-notifications.md`` (generated: do not edit by hand).
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.steps import ROOT, production_env, run_step, start_step

DATABASE = "cms_bench_notify"
PG = ["-h", "127.0.0.1", "-U", "postgres"]
DOC = ROOT / "docs" / "benchmarks-notifications.md"
RECIPIENTS = 10_000
SMALL = 1_000
PHONE_ONLY_EVERY = 5
"""One resident in five has only a phone: the urgent notice reaches them by SMS."""
ENQUEUE_GOAL_S = 2.0


# -- the parent: database, children, report ---------------------------------------------------
def environment(folder: Path) -> dict:
    return production_env(
        DATABASE,
        folder,
        ALLOWED_HOSTS="localhost",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SMS_BACKEND="participation.notifications.sms.FileBackend",
        SMS_QUIET_HOURS="00:00-00:00",
    )


def child(env, *args) -> dict:
    return run_step("bench.notifications", env, *args)


def start_child(env, *args):
    return start_step("bench.notifications", env, *args)


def create_database(env):
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
    subprocess.run(["createdb", *PG, DATABASE], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)


def measure_size(env, recipients: int) -> dict:
    child(env, "residents", str(recipients))
    sent = child(env, "send")
    drained = child(env, "drain", "single")
    return {"recipients": recipients, **sent, **drained}


def two_workers(env) -> dict:
    """On the residents the last size left: a second notice to the same 10,000."""
    child(env, "reset")
    sent = child(env, "send")
    started = time.perf_counter()
    workers = [start_child(env, "drain", f"worker{n}") for n in (1, 2)]
    for process, _out in workers:
        if process.wait() != 0:
            raise SystemExit("a worker failed")
    elapsed = time.perf_counter() - started
    answers = [json.loads(out.read_text()) for _process, out in workers]
    checked = child(env, "check", *(str(out) for _process, out in workers))
    return {"sent": sent, "workers": answers, "elapsed_s": elapsed, **checked}


def main():
    began = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="bench-notify-") as folder:
        env = environment(Path(folder))
        print(f"creating {DATABASE} (migrate)…", flush=True)
        create_database(env)
        sizes = []
        for recipients in (SMALL, RECIPIENTS):
            print(f"a notice to {recipients:,} residents, one worker…", flush=True)
            sizes.append(measure_size(env, recipients))
        print(f"two workers draining {RECIPIENTS:,} deliveries…", flush=True)
        race = two_workers(env)
        versions = child(env, "versions")
    subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
    text = report(sizes, race, versions, began)
    DOC.write_text(text, encoding="utf-8")
    print(text)
    if race["twice"] or race["lost"] or race["unreported"] or race["files"] != race["deliveries"]:
        raise SystemExit("deliveries were lost or sent twice")


def report(sizes, race, versions, began) -> str:
    minutes = (datetime.now(UTC) - began).total_seconds() / 60
    load = os.getloadavg()[0]
    lines = [
        "# Benchmarks: notifications",
        "",
        f"Written by `python -m bench.notifications` on {began:%Y-%m-%d %H:%M} UTC; the run "
        f"took {minutes:.1f} min. Do not edit by hand: run the bench again.",
        "",
        f"- Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; load "
        f"average {load:.1f} at the end (figures taken while other work runs are slower).",
        f"- Code: commit {versions['commit']}. Python {platform.python_version()}, "
        f"Django {versions['django']}, PostgreSQL {versions['postgres']}.",
        "",
        "## Method",
        "",
        "Production settings on PostgreSQL, the database task queue (`TASKS_BACKEND=database`),"
        " the file backends for e-mail and SMS. The residents are verified, one in "
        f"{PHONE_ONLY_EVERY} with only a phone; the notice is urgent, so those get an SMS and "
        "the others an e-mail. **Enqueue** is `broadcasts.send` as the admin's confirm step "
        "calls it: plan the channels, store the record, one inbox item and one delivery per "
        "recipient in bulk, the queued delivery tasks, one transaction. **Drain** is "
        "`delivery.drain` as the queued tasks run it, in a separate process: claim a batch "
        "(`SKIP LOCKED`), send, record. Queries are counted in the process that runs them.",
        "",
        "## One notice, one worker",
        "",
        "| recipients | enqueue s | goal | queries to enqueue | deliveries | per s (one worker)"
        " | queries per delivery |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        met = "met" if size["enqueue_s"] < ENQUEUE_GOAL_S else "**not met**"
        lines.append(
            f"| {size['recipients']:,} | {size['enqueue_s']:.2f} | < {ENQUEUE_GOAL_S:.0f} s "
            f"{met} | {size['enqueue_queries']} | {size['delivered']:,} | "
            f"{size['per_second']:.0f} | {size['queries_per_delivery']:.2f} |"
        )
    per_worker = ", ".join(
        f"{worker['delivered']:,} in {worker['elapsed_s']:.1f} s" for worker in race["workers"]
    )
    lines += [
        "",
        f"## Two workers, the same {RECIPIENTS:,} deliveries",
        "",
        "| deliveries | sent by worker 1 / 2 | together per s | delivered twice | lost | "
        "messages in the files |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
        f"| {race['deliveries']:,} | {per_worker} | "
        f"{race['deliveries'] / race['elapsed_s']:.0f} | {race['twice']} | {race['lost']} | "
        f"{race['files']:,} |",
        "",
        "Delivered twice: deliveries both workers reported sending. Lost: deliveries not "
        "`sent` in the database afterwards. The files: e-mails written by Django's file "
        "backend plus lines of the SMS file, which must equal the deliveries.",
        "",
    ]
    return "\n".join(lines)


# -- the children: inside Django ----------------------------------------------------------------
class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run_child(out: Path, step: str, *args):
    import django

    django.setup()
    from django.conf import settings

    folder = Path(os.environ["BENCH_FILES"])
    settings.EMAIL_FILE_PATH = str(folder / "mail")
    settings.SMS_FILE_PATH = folder / "sms"
    steps = {
        "residents": make_residents,
        "reset": reset_notices,
        "send": send_notice,
        "drain": drain,
        "check": check,
        "versions": versions,
    }
    out.write_text(json.dumps(steps[step](*args)))


def make_residents(count: str) -> dict:
    """Exactly ``count`` verified residents, a staff sender, nothing else left from before."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from participation.residents.models import Building, Unit  # after django.setup()

    User = get_user_model()
    reset_notices()
    User.objects.all().delete()
    Unit.objects.all().delete()
    Building.objects.all().delete()
    building = Building.objects.create(number="1", block="东片区")
    units = Unit.objects.bulk_create(
        [Unit(building=building, number=f"{n:05d}") for n in range(int(count))]
    )
    unusable = make_password(None)  # nobody signs in: the bench calls the code directly
    User.objects.create(username="office", is_staff=True, password=unusable)
    User.objects.bulk_create(
        [
            User(
                username=f"r{n}",
                password=unusable,
                email="" if n % PHONE_ONLY_EVERY == 0 else f"r{n}@example.com",
                phone=f"+86138{n:08d}",
                unit=unit,
                verification=User.Verification.VERIFIED,
            )
            for n, unit in enumerate(units)
        ],
        batch_size=2000,
    )
    return {}


def reset_notices() -> dict:
    import shutil

    from participation.notifications.models import Broadcast, Item  # after django.setup()

    Item.objects.all().delete()
    Broadcast.objects.all().delete()
    folder = Path(os.environ["BENCH_FILES"])
    for name in ("mail", "sms"):
        shutil.rmtree(folder / name, ignore_errors=True)
    return {}


def send_notice() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from participation.notifications import broadcasts  # after django.setup()
    from participation.notifications.audiences import audiences  # after django.setup()
    from participation.residents.models import default_community_id  # after django.setup()

    sender = get_user_model().objects.get(username="office")
    group = audiences()["verified"]
    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        broadcast = broadcasts.send(
            community_id=default_community_id(),
            audience=group,
            values=[],
            label=str(group.label),
            title="明日停水",
            body="明天9点至12点全小区停水检修，请提前储水。",
            url="/notices/water/",
            urgent=True,
            sent_by=sender,
        )
    return {
        "enqueue_s": time.perf_counter() - started,
        "enqueue_queries": counter.count,
        "counts": broadcast.counts,
    }


def drain(name: str) -> dict:
    from django.db import connection

    from participation.notifications import delivery  # after django.setup()

    counter = QueryCounter()
    sent = []
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        while batch := delivery.claim():
            sent += [row.pk for row in batch if delivery.deliver(row)]
    elapsed = time.perf_counter() - started
    return {
        "worker": name,
        "delivered": len(sent),
        "sent_ids": sent,
        "elapsed_s": elapsed,
        "per_second": len(sent) / elapsed if elapsed else 0,
        "queries_per_delivery": counter.count / len(sent) if sent else 0,
    }


def check(*answer_files: str) -> dict:
    from participation.notifications.models import Delivery  # after django.setup()
    from participation.notifications.sms import read_file_messages  # after django.setup()

    reported = [json.loads(Path(path).read_text())["sent_ids"] for path in answer_files]
    first, second = (set(ids) for ids in reported)
    everything = set(Delivery.objects.values_list("pk", flat=True))
    sent = set(Delivery.objects.filter(status=Delivery.Status.SENT).values_list("pk", flat=True))
    folder = Path(os.environ["BENCH_FILES"])
    mails = sum(
        path.read_text(encoding="utf-8", errors="replace").count("\nMessage-ID: ")
        for path in (folder / "mail").glob("*")
    )
    return {
        "deliveries": len(everything),
        "twice": len(first & second) + sum(len(ids) - len(set(ids)) for ids in reported),
        "lost": len(everything - sent),
        "unreported": len(everything - (first | second)),
        "files": mails + len(read_file_messages(folder / "sms")),
    }


def versions() -> dict:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {"django": django.get_version(), "postgres": postgres, "commit": commit}


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        run_child(Path(sys.argv[2]), *sys.argv[3:])
    else:
        main()
