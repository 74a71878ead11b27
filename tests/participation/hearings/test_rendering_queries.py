"""What the hearings block costs inside its notice: a fixed, small number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from pages.site_data import site_data
from participation.core.models import Module
from participation.core.rendering import render_module
from participation.hearings import services
from participation.hearings.models import Opinion, OpinionGroup
from plugins.switches import is_enabled

from .test_outcome import held, opinion  # noqa: F401 -- the held hearing fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("opinions", [2, 12])
def test_a_held_hearing_renders_in_four_queries(held, opinions, django_assert_num_queries):  # noqa: F811 -- fixture
    group = OpinionGroup.objects.create(hearing=held, title="收费标准")
    for n in range(opinions):
        item = opinion(held, f"意见{n}", show_name=True, group=group if n % 2 else None)
        services.publish_opinions(Opinion.objects.filter(pk=item.pk))
    page = held.page.specific
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    is_enabled("participation_hearings", request=request)  # the page reads the switches first
    site_data()  # the site's settings and sections, cached for every request after
    module = Module.objects.get(pk=held.pk)  # as the page's block hands it over
    # The hearing's own row, the seat and attendance counts, the groups, the opinions.
    with django_assert_num_queries(4):
        html = render_module(module, request=request, page=page)
    assert html.count('<article class="opinion') == opinions
