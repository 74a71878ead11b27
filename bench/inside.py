"""The bench's work inside Django, run as a child with the server's environment.

    python -m bench.inside prepare FIXTURE.json
    python -m bench.inside verify FIXTURE.json CASTS.json OUT.json
    python -m bench.inside queries FIXTURE.json OUT.json

``prepare`` builds what the load needs on top of the demo (residents with sessions and ballot
papers, an open ballot, a topic with 200 comments, a certified ballot with 10,000 votes, the
minimal vote table) and writes the URLs, cookies and forms the clients send. ``verify`` checks
the ballot box after the casts; ``queries`` counts each page's queries with the test client.
"""

import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import django

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402 -- Django is set up first
from django.contrib.sessions.backends.base import VALID_KEY_CHARS  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench.urls import MINIMAL_TABLE  # noqa: E402
from pages.factories import BlogPageFactory, publish_child  # noqa: E402
from pages.models import BlogIndexPage  # noqa: E402
from participation.ballots import casting, roll, tally  # noqa: E402
from participation.ballots.factories import BallotFactory  # noqa: E402
from participation.ballots.forms import BallotPaperForm  # noqa: E402
from participation.ballots.models import Ballot, BoxEntry, Channel, RollEntry  # noqa: E402
from participation.ballots.results import certify  # noqa: E402
from participation.comments.models import Comment, CommentsModule  # noqa: E402
from participation.core.embedding import embed_module  # noqa: E402
from participation.residents.models import Unit, User  # noqa: E402

VOTERS = 1000
COMMENTS_TOP, REPLIES_EACH, REPLIED = 100, 2, 50  # 100 comments + 50 × 2 replies = 200
CERTIFIED_VOTES, CERTIFIED_ELECTORATE = 10_000, 12_000
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# Demo pages measured, by kind; a missing one stops the bench rather than measuring less.
DEMO_PAGES = [
    ("home", "home", "/home/"),
    ("index", "blog index", "/home/blog/"),
    ("index", "disclosures index", "/home/disclosures/"),
    ("index", "hearings index", "/home/hearings/"),
    ("index", "showcases index", "/home/showcases/"),
    ("detail", "topic with comments", "/home/blog/green-space-renovation/"),
    ("detail", "disclosure", "/home/disclosures/public-welfare-funds/"),
    ("detail", "hearing notice", "/home/hearings/parking-management-hearing/"),
]
SEARCHES = ["听证", "社区"]


# -- prepare ---------------------------------------------------------------------------------
def prepare(out: Path):
    started = time.perf_counter()
    residents = make_residents(VOTERS + 2)  # the voters, a reader, a spare voter for the counts
    reader, spare, voters = residents[0], residents[1], residents[2:]
    sessions = make_sessions(residents)
    index = BlogIndexPage.objects.live().first()
    fixture = {
        "pages": demo_pages(),
        "reader": {"session": sessions[reader.pk]},
        "csrf": _get_new_csrf_string(),
        "cookies": {"session": settings.SESSION_COOKIE_NAME, "csrf": settings.CSRF_COOKIE_NAME},
        "comments": comment_pages(index, voters),
        "ballot": open_ballot(index, voters, spare, sessions),
        "certified": certified_ballot(index),
        "minimal_vote": minimal_vote_table(),
    }
    cache.clear()  # nothing cached from before: the server starts cold, as after a deploy
    fixture["prepare_seconds"] = time.perf_counter() - started
    out.write_text(json.dumps(fixture), encoding="utf-8")


def demo_pages() -> list[dict]:
    pages = [{"kind": "bare", "name": "bare view", "path": "/bench/bare/"}]
    for kind, name, url_path in DEMO_PAGES:
        page = Page.objects.live().get(url_path=url_path)
        pages.append({"kind": kind, "name": name, "path": page.url})
    for term in SEARCHES:
        path = f"{reverse('search')}?{urlencode({'q': term})}"
        pages.append({"kind": "search", "name": f"search {term}", "path": path})
    return pages


def make_residents(count: int) -> list[User]:
    """Verified residents in the demo's units, bulk-created (one password hash for all)."""
    units = list(Unit.objects.order_by("pk"))
    now = timezone.now()
    password = User(username="bench-template")
    password.set_unusable_password()
    users = [
        User(
            username=f"bench-{n:04d}",
            email=f"bench-{n:04d}@bench.invalid",
            display_name=f"居民{n:04d}",
            unit=units[n % len(units)],
            verification=User.Verification.VERIFIED,
            verified_at=now,
            password=password.password,
        )
        for n in range(count)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    return list(User.objects.filter(username__startswith="bench-").order_by("username"))


def make_sessions(users) -> dict[int, str]:
    """A signed-in session per user, as Django's login() stores it; {user id: session key}."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys, rows = {}, []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": SIGN_IN_BACKEND,
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def topic(index, slug: str, title: str):
    return publish_child(index, BlogPageFactory, slug=slug, title=title)


def comment_pages(index, authors) -> dict:
    """Two topics with a comments module: one with 200 comments (top-level and replies), one with
    none."""
    paths = {}
    for count in (200, 0):
        page = topic(index, f"bench-comments-{count}", f"评论压力测试（{count} 条）")
        module = CommentsModule.objects.create(
            page=page,
            title="居民意见",
            audience=CommentsModule.Audience.VERIFIED,
            moderation=CommentsModule.Moderation.POST,
        )
        embed_module(module)
        if count:
            add_comments(module, authors)
        paths[str(count)] = page.url
    return paths


def add_comments(module, authors):
    start = timezone.now() - timedelta(days=3)
    top = Comment.objects.bulk_create(
        Comment(
            module=module,
            author=authors[n],
            body=f"第 {n + 1} 条意见：建议在小区东门增设非机动车停放区，并安排志愿者引导。",
            created_at=start + timedelta(minutes=10 * n),
        )
        for n in range(COMMENTS_TOP)
    )
    Comment.objects.bulk_create(
        Comment(
            module=module,
            author=authors[COMMENTS_TOP + n * REPLIES_EACH + k],
            parent=parent,
            body="同意楼上的意见，另外希望晚上有照明。",
            created_at=parent.created_at + timedelta(minutes=k + 1),
        )
        for n, parent in enumerate(top[:REPLIED])
        for k in range(REPLIES_EACH)
    )


def open_ballot(index, voters, spare, sessions) -> dict:
    """A secret motion of all verified residents, open now, its roll frozen; each voter holds
    a paper (the one the ballot page would give them) and a session."""
    page = topic(index, "bench-ballot", "票决压力测试")
    ballot = BallotFactory(page=page, electorate=Ballot.Electorate.RESIDENTS, is_secret=True)
    embed_module(ballot)
    roll.freeze_roll(ballot)
    form = BallotPaperForm(ballot)
    names = {name: form.add_prefix(name) for name in ("paper", "vote", "confirm")}

    def paper(voter, n):
        return {
            "voter": voter.pk,
            "session": sessions[voter.pk],
            "fields": {
                names["paper"]: casting.issue_paper(ballot, voter),
                names["vote"]: tally.MOTION_VOTES[n % len(tally.MOTION_VOTES)],
                names["confirm"]: "on",
            },
        }

    return {
        "id": ballot.pk,
        "page": page.url,
        "url": reverse("participation_ballots:vote", args=[ballot.pk]),
        "voters": [paper(voter, n) for n, voter in enumerate(voters)],
        "spare": paper(spare, 0),
    }


def certified_ballot(index) -> dict:
    """A closed secret motion with 10,000 online votes of 12,000 voters, certified through
    results.certify (timed), on its own topic page."""
    page = topic(index, "bench-certified", "票决结果压力测试")
    closes = timezone.now() - timedelta(hours=1)
    opens = closes - timedelta(days=7)
    ballot = BallotFactory(
        page=page,
        electorate=Ballot.Electorate.RESIDENTS,
        is_secret=True,
        opens_at=opens,
        closes_at=closes,
    )
    embed_module(ballot)
    voted = [
        RollEntry(ballot=ballot, voted_at=opens + timedelta(seconds=n), channel=Channel.ONLINE)
        for n in range(CERTIFIED_VOTES)
    ]
    unvoted = [RollEntry(ballot=ballot) for _ in range(CERTIFIED_ELECTORATE - CERTIFIED_VOTES)]
    RollEntry.objects.bulk_create(voted + unvoted, batch_size=2000)
    rng = random.Random(12)
    BoxEntry.objects.bulk_create(
        (
            BoxEntry(
                ballot=ballot,
                choices={"vote": rng.choice(tally.MOTION_VOTES)},
                receipt_hash=casting.receipt_hash(ballot.pk, casting.new_receipt_code()),
            )
            for _ in range(CERTIFIED_VOTES)
        ),
        batch_size=2000,
    )
    Ballot.objects.filter(pk=ballot.pk).update(
        roll_frozen_at=opens, electorate_size=CERTIFIED_ELECTORATE
    )
    ballot.refresh_from_db()
    reviewer = User.objects.get(username="reviewer")
    started = time.perf_counter()
    certify(ballot, reviewer)
    return {"page": page.url, "certify_seconds": time.perf_counter() - started}


def minimal_vote_table() -> dict:
    """The table behind bench/urls.py's minimal vote POST (1 SELECT + 1 INSERT)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MINIMAL_TABLE} "
            "(id bigserial PRIMARY KEY, voter bigint NOT NULL UNIQUE, choice text NOT NULL)"
        )
    return {"url": reverse("bench_minimal_vote")}


# -- verify ----------------------------------------------------------------------------------
def verify(fixture: dict, casts: dict) -> dict:
    """The box after every voter sent their paper twice at once: counts from the database,
    and every receipt a voter was shown checked against the box."""
    ballot = Ballot.objects.get(pk=fixture["ballot"]["id"])
    voter_ids = [paper["voter"] for paper in fixture["ballot"]["voters"]]
    marked = RollEntry.objects.filter(ballot=ballot, voter_id__in=voter_ids)
    voted = marked.filter(voted_at__isnull=False).count()
    boxed = BoxEntry.objects.filter(ballot=ballot).count()
    hashes = set(BoxEntry.objects.filter(ballot=ballot).values_list("receipt_hash", flat=True))
    unreceipted, unboxed, differing = 0, 0, 0
    for answers in casts.values():
        codes = {answer["receipt"] for answer in answers if answer["receipt"]}
        unreceipted += not codes
        differing += len(codes) > 1
        unboxed += sum(casting.receipt_hash(ballot.pk, code) not in hashes for code in codes)
    return {
        "voters": len(voter_ids),
        "recorded": voted,
        "box": boxed,
        "lost": len(voter_ids) - voted,
        "doubled": boxed - voted + differing,
        "without_receipt": unreceipted,
        "receipts_not_in_box": unboxed,
    }


# -- queries ---------------------------------------------------------------------------------
def count_queries(client, method, path, **extra):
    """Queries of the second request (the first warms per-process caches), and its status."""
    send = getattr(client, method)
    send(path, **extra)
    with CaptureQueriesContext(connection) as queries:
        response = send(path, **extra)
    return {"queries": len(queries), "status": response.status_code, "body": response.content}


def hit_queries(path) -> int:
    """Queries of a cookie-less request once the page is cached (a new client each time, so
    that no cookie the first answer set is sent back)."""
    Client(HTTP_HOST="127.0.0.1").get(path)
    with CaptureQueriesContext(connection) as captured:
        Client(HTTP_HOST="127.0.0.1").get(path)
    return len(captured)


def queries(fixture: dict) -> dict:
    anonymous = Client(HTTP_HOST="127.0.0.1")
    anonymous.cookies["bench"] = "rendered"  # out of the page cache: the page is rendered
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.cookies[settings.SESSION_COOKIE_NAME] = fixture["reader"]["session"]
    counts = {}
    for page in fixture["pages"]:
        counts[page["path"]] = count_queries(anonymous, "get", page["path"])["queries"]
        counts[f"hit {page['path']}"] = hit_queries(page["path"])
    topic_path = next(p["path"] for p in fixture["pages"] if p["name"] == "topic with comments")
    signed_in = {
        "topic": topic_path,
        "comments-200": fixture["comments"]["200"],
        "comments-0": fixture["comments"]["0"],
    }
    for name, path in signed_in.items():
        answer = count_queries(reader, "get", path)
        if reverse("account_logout") not in answer["body"].decode():
            raise SystemExit(f"{path}: the reader's session did not sign them in")
        counts[f"signed-in {name}"] = answer["queries"]
    counts["certified"] = count_queries(anonymous, "get", fixture["certified"]["page"])["queries"]
    counts["cast"] = cast_queries(fixture)
    counts["minimal vote"] = minimal_vote_queries(fixture["minimal_vote"]["url"])
    counts["minimal vote signed in"] = minimal_vote_queries(
        fixture["minimal_vote"]["url"], session=fixture["reader"]["session"], voters=(-3, -4)
    )
    return counts


def minimal_vote_queries(url, session=None, voters=(-1, -2)) -> int:
    """A new voter each time, so that the INSERT runs (a voter seen before only SELECTs)."""
    client = Client(HTTP_HOST="127.0.0.1")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    client.post(url, {"voter": voters[0]})
    with CaptureQueriesContext(connection) as captured:
        client.post(url, {"voter": voters[1]})
    return len(captured)


def cast_queries(fixture: dict) -> int:
    """The spare voter's cast (a fresh paper, so a vote is recorded) with the test client."""
    spare = fixture["ballot"]["spare"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = spare["session"]
    client.get(fixture["ballot"]["page"])  # warm the process as the page requests did
    with CaptureQueriesContext(connection) as captured:
        response = client.post(fixture["ballot"]["url"], spare["fields"])
    if response.status_code != 200:
        raise SystemExit(f"the spare voter's cast answered {response.status_code}")
    return len(captured)


def main(argv):
    command, *paths = argv
    if command == "prepare":
        prepare(Path(paths[0]))
        return
    fixture = json.loads(Path(paths[0]).read_text(encoding="utf-8"))
    if command == "verify":
        casts = json.loads(Path(paths[1]).read_text(encoding="utf-8"))
        result = verify(fixture, casts)
    elif command == "queries":
        result = queries(fixture)
    else:
        raise SystemExit(f"unknown command {command}")
    Path(paths[-1]).write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
