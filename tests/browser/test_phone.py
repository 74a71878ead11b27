"""At 360 px: no page scrolls sideways, and the main controls are targets of 44 × 44 px or more
(header links, comment actions 修改/删除/举报/回复, ballot choice rows, the labels of checkboxes,
buttons)."""

import pytest

from participation.comments.models import CommentsModule
from participation.comments.services import post_comment
from tests.browser.conftest import sign_in, site_path
from tests.browser.support import sideways_overflow, small_targets
from tests.browser.test_accessibility import PUBLIC_PAGES

LANGUAGES = ["", "/en"]
CONTROLS = (
    ".site-header a, .site-header button, .site-header input, "
    ".comment-actions > a, .comment-reply > summary, "
    "form.ballot-paper label.choice, main form div:has(> input[type=checkbox]) > label, "
    "main button, main .button"
)


@pytest.fixture
def discussed_topic(topic, resident, unique):
    """The new topic with a comment by ``resident`` (修改, 删除) and one by a neighbour (举报)."""
    from participation.residents.factories import VerifiedResidentFactory

    module = CommentsModule.objects.get(page=topic)
    neighbour = VerifiedResidentFactory(username=f"n-{unique}", unit=resident.unit)
    post_comment(neighbour, module, "楼前绿地希望保留几棵老樟树。")
    post_comment(resident, module, "同意，顺便修一修步道。")
    return topic


def overflowing(page, paths) -> dict[str, int]:
    wide = {}
    for path in paths:
        assert page.goto(path).ok, path
        wide[path] = sideways_overflow(page)
    return {path: pixels for path, pixels in wide.items() if pixels > 0}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(
    phone, resident, discussed_topic, make_ballot_page, language
):
    evaluation_url, _ = make_ballot_page("evaluation", ["张书记", "刘副主任"])
    wide = overflowing(phone, [language + path for path in PUBLIC_PAGES])
    sign_in(phone.context, resident)
    signed_in = [
        site_path(discussed_topic),
        evaluation_url,
        "/accounts/profile/",
        "/accounts/verify/",
        "/participate/mine/",
    ]
    wide |= overflowing(phone, [language + path for path in signed_in])
    assert wide == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_controls_are_44px_targets_on_a_phone(
    phone, resident, discussed_topic, hearing, make_ballot_page, language
):
    motion_url, _ = make_ballot_page()
    evaluation_url, _ = make_ballot_page("evaluation", ["张书记", "刘副主任"])
    phone.goto(language + "/")
    small = small_targets(phone.locator(CONTROLS))
    sign_in(phone.context, resident)
    phone.goto(language + site_path(discussed_topic))
    actions = phone.locator(".comment-actions > a")
    assert actions.count() >= 3  # 修改 and 删除 on the resident's own, 举报 on the neighbour's
    small += small_targets(phone.locator(CONTROLS))
    for url in (motion_url, evaluation_url):
        phone.goto(language + url)
        assert phone.locator("form.ballot-paper label.choice").count() >= 3
        small += small_targets(phone.locator(CONTROLS))
    phone.goto(language + site_path(hearing.page))
    assert phone.locator("main form input[type=checkbox]").count() >= 2  # speak, show my name
    small += small_targets(phone.locator(CONTROLS))
    assert small == []
