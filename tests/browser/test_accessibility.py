"""axe-core on every public page type and every participation form, in both languages, and the
header's contrast measured in the page (axe leaves equal colours as "needs review")."""

import pytest

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


@pytest.mark.parametrize("language", LANGUAGES)
def test_participation_forms_have_no_serious_violation(
    context, page, resident, make_ballot_page, language
):
    motion_url, _ = make_ballot_page()
    evaluation_url, _ = make_ballot_page("evaluation", ["张书记", "刘副主任"])
    page.goto("/")
    sign_in(context, resident)
    found = []
    forms = [*FORMS, (motion_url, "form.ballot-paper"), (evaluation_url, "form.ballot-paper")]
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
