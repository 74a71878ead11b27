from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import HearingIndexPage, HearingNoticePage
from participation.core.embedding import embed_module
from participation.hearings.models import Hearing
from participation.residents.factories import (
    RepresentativeFactory,
    UserFactory,
    VerifiedResidentFactory,
)


@pytest.fixture
def notice_page(home_page):
    """A hearing notice: the page type that implements the hearings' page contract (MeetingPage).

    It announces a meeting a week later than the hearings below, so a test sees the page's
    dates only where a hearing leaves its own empty.
    """
    section = home_page.add_child(instance=HearingIndexPage(title="听证会", slug="hearings"))
    starts = timezone.now() + timedelta(days=10)
    notice = HearingNoticePage(
        title="关于小区停车管理的听证会",
        slug="parking-management-hearing",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="社区党群服务中心",
    )
    return section.add_child(instance=notice)


def make_hearing(page, **fields):
    now = timezone.now()
    values = {
        "title": "报名参加听证会",
        "capacity": 2,
        "waiting_list": True,
        "opens_at": now - timedelta(days=1),
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "venue": "社区居委会二楼会议室",
        "opinion_deadline": now + timedelta(days=2),
        "agenda": "一、方案说明\n二、居民发言",
    }
    values.update(fields)
    hearing = Hearing.objects.create(page=page, **values)
    embed_module(hearing)
    return hearing


@pytest.fixture
def hearing(notice_page):
    return make_hearing(notice_page)


@pytest.fixture
def resident(db):
    return VerifiedResidentFactory()


@pytest.fixture
def unverified(db):
    return UserFactory()


@pytest.fixture
def representative(db):
    return RepresentativeFactory().user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own media folder, so a test can prove that nothing was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
