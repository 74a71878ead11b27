"""The paths people take, end to end in Chromium, in both languages and at both widths.

Selectors are roles, field names, form actions and URLs, never wording, so that the tests hold
while the interface's sentences change.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, demo_section, sign_in, site_path

# (language prefix, viewport): each journey runs in Chinese on a phone and in English on a desk.
LANGUAGE_AND_WIDTH = [("", PHONE), ("/en", DESKTOP)]
IDS = ["zh-360", "en-1280"]
RECEIPT_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){2}\b")


def submit(form):
    """Submit ``form`` with its own submit button and wait for the answer."""
    click_and_wait(form.locator("[type=submit]").last)


def click_and_wait(locator):
    with locator.page.expect_navigation():
        locator.click()


def submit_for_review(admin_page):
    """Wagtail's page editor: open the action menu, submit to the workflow."""
    admin_page.click("footer .w-dropdown__toggle")
    click_and_wait(admin_page.locator("footer button[name=action-submit]"))


def set_value(admin_page, selector, value):
    """Set a field that the admin keeps behind a date picker."""
    admin_page.locator(selector).evaluate("(field, value) => { field.value = value; }", value)


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_visitor_searches_from_the_header_and_signs_in(open_page, language, viewport, unique):
    """Without JavaScript: the header's search form answers with excerpts marking the terms,
    and the header's sign-in link leads to a form that signs the visitor in."""
    from participation.residents.factories import DEMO_PASSWORD, UserFactory

    person = UserFactory(username=f"v-{unique}", email=f"v-{unique}@example.org")
    page = open_page(viewport, java_script_enabled=False)
    page.goto(language + "/")
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("停车")
    submit(search)
    assert page.url.split("?")[0].endswith(f"{language}/search/")
    hit = page.locator("main a[href$='/hearings/parking-management-hearing/']")
    expect(hit.first).to_be_visible()
    expect(page.locator("main mark").first).to_have_text(re.compile("停车"))

    click_and_wait(page.locator(".site-header a[href$='/accounts/login/']"))
    assert page.url.split("?")[0].endswith(f"{language}/accounts/login/")
    form = page.locator("main form:has([name=password])")
    form.locator("[name=login]").fill(person.email)
    form.locator("[name=password]").fill(DEMO_PASSWORD)
    submit(form)
    expect(page.locator(".site-header")).to_contain_text(person.public_name)


@pytest.mark.parametrize(("language", "viewport"), LANGUAGE_AND_WIDTH, ids=IDS)
def test_a_newcomer_signs_up_verifies_and_takes_part(
    open_page, topic, hearing, make_ballot_page, language, viewport, unique
):
    from participation.ballots import casting
    from participation.hearings.models import Opinion, Registration
    from participation.residents.models import Building, User
    from participation.residents.services import generate_household_codes

    building = Building.objects.get(number="6")
    _, codes = generate_household_codes(building, User.objects.get(username="admin"))
    page = open_page(viewport)

    # Sign up from the header, then verify with the household code the office printed.
    page.goto(language + "/")
    click_and_wait(page.locator(".site-header a[href$='/accounts/signup/']"))
    form = page.locator("main form:has([name=password2])")
    form.locator("[name=display_name]").fill(f"新居民{unique[:4]}")
    form.locator("[name=email]").fill(f"n-{unique}@example.org")
    form.locator("[name=password1]").fill(f"Liubeiqiao-{unique}")
    form.locator("[name=password2]").fill(f"Liubeiqiao-{unique}")
    form.locator("[name=building]").select_option(str(building.pk))
    form.locator("[name=unit_number]").fill(codes[0].unit.number)
    submit(form)
    newcomer = User.objects.get(email=f"n-{unique}@example.org")
    verify = page.locator(f"main form[action='{language}/accounts/verify/']")
    verify.locator("[name=code]").fill(codes[0].code)
    submit(verify)
    newcomer.refresh_from_db()
    assert newcomer.is_verified
    assert newcomer.unit == codes[0].unit

    # A comment on a topic that asks for opinions.
    page.goto(language + site_path(topic))
    comment = page.locator("main form.comment-form")
    comment.locator("[name=body]").fill(f"楼前绿地可以多种树 {unique}")
    submit(comment)
    expect(page.locator("main .comment-body", has_text=unique)).to_be_visible()

    # Registration for a hearing, then a written opinion.
    page.goto(language + site_path(hearing.page))
    submit(page.locator(f"main form[action$='/{hearing.pk}/register/']"))
    assert Registration.objects.filter(module=hearing, author=newcomer).exists()
    opinion = page.locator(f"main form[action$='/{hearing.pk}/opinions/']")
    opinion.locator("[name=text]").fill(f"建议错开停车时段 {unique}")
    submit(opinion)
    assert Opinion.objects.filter(module=hearing, author=newcomer).exists()
    expect(page.locator("main", has_text=unique).first).to_be_visible()

    # A vote, whose receipt code the newcomer keeps and finds in the list once voting closes.
    ballot_url, ballot = make_ballot_page()
    page.goto(language + ballot_url)
    paper = page.locator("main form.ballot-paper")
    paper.locator("fieldset label.choice").first.click()
    paper.locator("[name$=confirm]").check()
    submit(paper)
    code = RECEIPT_CODE.search(page.locator("main").inner_text()).group()
    # Time passes (a started ballot refuses changes through save(), so the test updates the row).
    closed = timezone.now() - datetime.timedelta(seconds=1)
    type(ballot).objects.filter(pk=ballot.pk).update(closes_at=closed)
    page.goto(f"{language}/participate/participation_ballots/{ballot.pk}/receipts/")
    check = page.locator("main form:has([name=code])")
    check.locator("[name=code]").fill(code.lower())
    submit(check)
    expect(page.locator("main")).to_contain_text(casting.receipt_hash(ballot.pk, code))
    expect(page.locator("main .message-success")).to_be_visible()


def test_an_editor_submits_a_topic_a_reviewer_publishes_it_and_a_resident_comments(
    open_page, staff_state, resident, unique
):
    """The topic asks for opinions; publishing it gives it a comment form, no step more."""
    from pages.models import BlogIndexPage, BlogPage

    editor = open_page(DESKTOP, storage_state=staff_state("editor"))
    editor.goto(f"/admin/pages/add/pages/blogpage/{demo_section(BlogIndexPage).pk}/")
    editor.fill("#id_title", f"议题 {unique}")
    editor.fill("#id_summary", "楼道照明改造，征求居民意见。")
    deadline = timezone.localtime() + datetime.timedelta(days=10)
    set_value(editor, "#id_opinions_open_until", deadline.strftime("%Y-%m-%d %H:%M"))
    submit_for_review(editor)
    draft = BlogPage.objects.get(title__endswith=unique)
    assert not draft.live
    assert draft.workflow_in_progress

    reviewer = open_page(DESKTOP, storage_state=staff_state("reviewer"))
    reviewer.goto(f"/admin/pages/{draft.pk}/edit/")
    reviewer.click("footer .w-dropdown__toggle")
    approve = "[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    click_and_wait(reviewer.locator(f"footer button{approve}"))
    expect(reviewer.locator(".messages")).to_be_visible()
    published = BlogPage.objects.get(pk=draft.pk)
    assert published.live

    page = open_page(PHONE)
    sign_in(page.context, resident)
    page.goto("/en" + site_path(published))
    comment = page.locator("main form.comment-form")
    comment.locator("[name=body]").fill(f"Please light the stairs too {unique}")
    submit(comment)
    expect(page.locator("main .comment-body", has_text=unique)).to_be_visible()


def test_a_volunteer_writes_a_showcase_and_submits_it(open_page, staff_state, unique):
    from pages.models import ShowcaseIndexPage, ShowcasePage

    page = open_page(DESKTOP, storage_state=staff_state("volunteer"))
    page.goto(f"/admin/pages/add/pages/showcasepage/{demo_section(ShowcaseIndexPage).pk}/")
    page.fill("#id_title", f"4栋楼道花园 {unique}")
    page.fill("#id_summary", "志愿者带着居民把楼道变成小花园。")
    submit_for_review(page)
    showcase = ShowcasePage.objects.get(title__endswith=unique)
    assert not showcase.live
    assert showcase.workflow_in_progress
    assert showcase.owner.username.startswith("volunteer-")
