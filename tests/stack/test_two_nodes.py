"""Two application nodes behind one nginx, sharing everything that is not code: a resident signs
in on one node and acts through the other; a file uploaded through one is served through the
other from the object store, never from a node's disk; a publish reaches every node at once;
two schedulers run each scheduled job once.

Node 1 and node 2 are reached on their own granian ports (``two_nodes.node(n)``), nginx on the
stack's HTTPS port (``two_nodes.client()``); each test is short (the fixture: conftest.py).
"""

import io
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.cookies import SimpleCookie

import psycopg
import pytest
from PIL import Image

from participation.residents.factories import DEMO_PASSWORD
from tests.second_factor import totp_code
from tests.stack.conftest import ROOT
from tests.stack.test_proxy_cache import anonymous, topic_path

pytestmark = pytest.mark.stack


def session_from(response) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        if morsel := SimpleCookie(header).get("sessionid"):
            return morsel.value
    return ""


def query(two_nodes, statement: str, *args) -> list:
    with psycopg.connect(two_nodes.database_url) as connection:
        return connection.execute(statement, args).fetchall()


def test_a_resident_signs_in_on_one_node_and_acts_through_the_other(two_nodes):
    resident = two_nodes.seed["password_resident"]
    signed_in = two_nodes.node(1).post("/accounts/login/", resident)
    assert signed_in.status == 302
    session = session_from(signed_in)
    assert session

    token = f"two-nodes-{uuid.uuid4().hex[:8]}"
    posted = two_nodes.node(2, session).post(
        two_nodes.seed["comment_post"], {"body": f"两个节点 {token}"}
    )
    assert posted.status == 302
    assert "#comment-" in posted.headers["Location"]
    page = two_nodes.client(session).get(two_nodes.seed["comment_page"])
    assert page.status == 200
    assert token in page.text
    rows = "SELECT count(*) FROM participation_comments_comment WHERE body LIKE %s"
    assert query(two_nodes, rows, f"%{token}")[0][0] == 1


SECRETS = (
    "from participation.residents.models import User;"
    "from participation.residents.second_factor import totp_secret;"
    "print(*(f'{u.username}={totp_secret(u)}' for u in User.objects.filter(username__in=%r)))"
)


@pytest.fixture(scope="module")
def staff_secrets(two_nodes) -> dict:
    """The authenticator secrets ``load_demo`` enrolled for the editor and the reviewer, read
    in one process (each ``manage.py shell`` costs seconds on a busy machine)."""
    script = SECRETS % ["editor", "reviewer"]
    shell = [sys.executable, "manage.py", "shell", "-v", "0", "-c", script]
    done = subprocess.run(
        shell, env=two_nodes.env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return dict(pair.split("=", 1) for pair in done.stdout.split())


def staff_session(two_nodes, secrets: dict, node: int, username: str) -> str:
    """A demo staff member, signed in with password and code through ``node``."""
    client = two_nodes.node(node)
    signed_in = client.post("/accounts/login/", {"login": username, "password": DEMO_PASSWORD})
    assert signed_in.status == 302
    client.cookies["sessionid"] = session_from(signed_in)
    code = totp_code(secrets[username])
    confirmed = client.post(signed_in.headers["Location"], {"code": code})
    assert confirmed.status == 302
    return session_from(confirmed) or client.cookies["sessionid"]


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


def test_an_image_uploaded_through_one_node_is_served_through_the_other(two_nodes, staff_secrets):
    session = staff_session(two_nodes, staff_secrets, 1, "editor")
    title = f"两节点图片 {uuid.uuid4().hex[:6]}"
    content = png("teal")
    collection = query(two_nodes, "SELECT id FROM wagtailcore_collection WHERE depth = 1")[0][0]
    uploaded = two_nodes.node(1, session).post(
        "/admin/images/add/",
        {"title": title, "collection": collection},
        files={"file": ("photo.png", content)},
    )
    assert uploaded.status == 302, uploaded.text[-2000:]
    found = "SELECT id, file FROM wagtailimages_image WHERE title = %s"
    image_id, name = query(two_nodes, found, title)[0]

    assert name in two_nodes.moto.objects()
    assert not list((two_nodes.var / "nodes" / "media").rglob("*.png"))
    # Node 2 makes a rendition from the original it reads from the bucket.
    preview = two_nodes.node(2, session).get(f"/admin/images/{image_id}/preview/fill-32x24/")
    assert preview.status == 200
    assert Image.open(io.BytesIO(preview.body)).size == (32, 24)
    # Anyone, through nginx, at the public address: nginx reads it from the bucket.
    public = two_nodes.client().get(f"/media/{name}")
    assert (public.status, public.body) == (200, content)


def test_an_attachment_stored_by_one_node_is_handed_out_by_the_other_as_a_signed_url(two_nodes):
    attachment = two_nodes.seed["attachment"]
    assert f"protected/{attachment['path']}" in two_nodes.moto.objects()
    answer = two_nodes.node(2, attachment["author"]).get(attachment["url"])
    assert answer.status == 302
    location = answer.headers["Location"]
    assert location.startswith(two_nodes.moto.url)
    assert "X-Amz-Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as download:  # noqa: S310 -- moto's URL
        assert download.read() == bytes.fromhex(attachment["bytes"])
        assert download.headers["Content-Disposition"].startswith("attachment")
    assert two_nodes.node(1, attachment["stranger"]).get(attachment["url"]).status == 403
    # Neither the bucket nor nginx hands it out without a signature.
    unsigned = location.split("?")[0]
    with pytest.raises(urllib.error.HTTPError, match="403"):
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310 -- moto's URL
    assert anonymous(two_nodes.port, f"/media/protected/{attachment['path']}")[0] == 404


DRAFT = """
from wagtail.models import Page, Site
home = Site.objects.get(is_default_site=True).root_page
pages = Page.objects.live().descendant_of(home, inclusive=True).specific()
page = next(p for p in pages if p.get_url_parts()[2] == {path!r})
page.title = {title!r}
page.save_revision()
print(page.pk)
"""


def test_a_publish_through_one_node_reaches_nginx_and_every_node_at_once(two_nodes, staff_secrets):
    path = topic_path(two_nodes)
    anonymous(two_nodes.port, path)
    assert anonymous(two_nodes.port, path)[1] == "HIT"
    for node in (1, 2):  # the nodes' shared page cache (Redis) holds the page too
        assert two_nodes.node(node).get(path).status == 200

    title = f"两节点发布 {uuid.uuid4().hex[:6]}"
    shell = [sys.executable, "manage.py", "shell", "-c", DRAFT.format(path=path, title=title)]
    drafted = subprocess.run(
        shell, env=two_nodes.env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    page_id = drafted.stdout.split()[-1]
    reviewer = two_nodes.node(1, staff_session(two_nodes, staff_secrets, 1, "reviewer"))
    published = reviewer.post(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}", {})
    assert published.status == 302, published.text[-2000:]

    status, cache, fresh = anonymous(two_nodes.port, path)
    assert (status, title in fresh) == (200, True)
    assert cache != "HIT"
    for node in (1, 2):
        assert title in two_nodes.node(node).get(path).text


def runs_of(two_nodes, job: str) -> int:
    pattern = re.compile(rf"Scheduler: running {re.escape(job)}$", re.MULTILINE)
    return sum(len(pattern.findall(two_nodes.log(f"scheduler-{n}"))) for n in (1, 2))


def test_two_schedulers_run_each_due_job_once(two_nodes):
    hourly = "notify_opinion_deadlines"
    deadline = time.monotonic() + 60
    while runs_of(two_nodes, hourly) == 0:
        assert time.monotonic() < deadline, "no scheduler ran the hourly job"
        time.sleep(0.5)
    for n in (1, 2):  # both schedulers are up and saw the same jobs
        assert "Scheduler: prune_records" in two_nodes.log(f"scheduler-{n}")
    time.sleep(3)  # room for a second run, if the other scheduler were to make one
    assert runs_of(two_nodes, hourly) == 1
    # Every five minutes: once per five minutes since the start, not once per scheduler.
    slots = 1 + int((time.monotonic() - two_nodes.launched) // 300)
    assert runs_of(two_nodes, "ballots_maintain --mix-open") <= slots
    runs = "SELECT job, last_run_by FROM plugins_scheduledjobstate WHERE last_run_at IS NOT NULL"
    ran = dict(query(two_nodes, runs))
    assert {hourly, "ballots_maintain --mix-open", "deliver_notifications"} <= set(ran)
