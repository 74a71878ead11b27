"""axe-core on every public page type and every participation form, in both languages, and the
header's contrast measured in the page (axe leaves equal colours as "needs review")."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import sign_in
from tests.browser.support import contrast, serious_violations

LANGUAGES = ["", "/en"]

# One page of each public type: home, each section index (and the archive), each detail page
# type, search with results, sign-in and sign-up.
PUBLIC_PAGES = [
    "/",
    "/blog/",
    "/disclosures/",
    "/disclosures/?archive=1",
    "/hearings/",
    "/showcases/",
    "/blog/green-space-renovation/",
    "/disclosures/public-welfare-funds/",
    "/hearings/parking-management-hearing/",
    "/showcases/pioneer-building-1/",
    "/blog/democratic-evaluation-2026/",
    "/search/?q=停车",
    "/open-data/",
    "/accounts/login/",
    "/accounts/signup/",
]

# The participation forms a verified resident meets, and the element that proves it is there.
FORMS = [
    ("/blog/green-space-renovation/", "form textarea[name=body]"),
    ("/hearings/parking-management-hearing/", "form[action$='/register/']"),
    ("/hearings/parking-management-hearing/", "form textarea[name=text]"),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_serious_violation(page, language):
    found = []
    for path in PUBLIC_PAGES:
        assert page.goto(language + path).ok, path
        found += serious_violations(page)
    assert found == []


@pytest.fixture
def closed_ballot_receipts(make_ballot_page):
    """The receipts page of a ballot that has closed: where a voter checks a receipt code."""
    _, ballot = make_ballot_page()
    closed = timezone.now() - datetime.timedelta(seconds=1)
    type(ballot).objects.filter(pk=ballot.pk).update(closes_at=closed)  # save() refuses
    return f"/participate/participation_ballots/{ballot.pk}/receipts/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_participation_forms_have_no_serious_violation(
    context, page, resident, topic, make_ballot_page, closed_ballot_receipts, language
):
    from participation.comments.models import CommentsModule
    from participation.comments.services import post_comment
    from participation.residents.factories import VerifiedResidentFactory

    motion_url, _ = make_ballot_page()
    choice_url, _ = make_ballot_page("choice", ["方案一", "方案二"])
    evaluation_url, _ = make_ballot_page("evaluation", ["张书记", "刘副主任"])
    module = CommentsModule.objects.get(page=topic)
    own = post_comment(resident, module, "同意这个方案。")
    neighbour = VerifiedResidentFactory(username=f"nb-{resident.username}", unit=resident.unit)
    other = post_comment(neighbour, module, "我不同意。")
    comments = "/participate/participation_comments"
    sign_in(context, resident)
    found = []
    forms = [
        *FORMS,
        (motion_url, "form.ballot-paper"),
        (choice_url, "form.ballot-paper"),
        (evaluation_url, "form.ballot-paper"),
        (closed_ballot_receipts, "form [name=code]"),
        (f"{comments}/{own.pk}/edit/", "form textarea[name=body]"),
        (f"{comments}/{own.pk}/delete/", "main form"),
        (f"{comments}/{other.pk}/report/", "main form"),
        ("/accounts/profile/", "form [name=display_name]"),
        ("/accounts/verify/", "form [name=code]"),
        ("/participate/mine/", "main .participation-rows a"),  # 我的参与: their comment
    ]
    for path, form in forms:
        page.goto(language + path)
        assert page.locator(form).count(), f"{path}: no {form}"
        found += serious_violations(page)
    assert found == []


@pytest.mark.parametrize("width", [360, 1280])
def test_header_links_contrast_with_the_header(context, page, resident, width):
    """Account links, the signed-in name and sign-out, the language switch and the section
    links: at least 4.5:1 against the red header, at phone and desktop width."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    links = page.locator(".site-header a, .site-header .language-switch span")
    anonymous = {link.inner_text(): round(contrast(link), 2) for link in links.all()}
    sign_in(context, resident)
    page.goto("/")
    signed_in = {link.inner_text(): round(contrast(link), 2) for link in links.all()}
    assert {"登录", "注册"} <= anonymous.keys()
    assert {resident.public_name, "退出登录"} <= signed_in.keys()
    low = {name: ratio for name, ratio in {**anonymous, **signed_in}.items() if ratio < 4.5}
    assert low == {}
