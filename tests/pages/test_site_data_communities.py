"""The cached site data with many communities: a request reads its own site's sections and
settings, in one cache round trip, and the part every request reads holds no community's pages."""

import pytest
from django.core.cache import cache

from home.communities import create_community
from home.models import CommunityInfo
from pages.site_data import DATA_KEY, ENTRY_KEY, VERSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities(db):
    return [create_community(f"虚构社区{n}", f"c{n}.test") for n in range(1, 4)]


def test_each_site_shows_its_own_sections_and_details(client, communities):
    first, second = communities[0], communities[1]
    first.sections["blog"].title = "第一社区的博客"
    first.sections["blog"].save_revision().publish()
    info = CommunityInfo.for_site(second.site)
    info.phone = "0731-0000 0002"
    info.save()

    first_home = client.get("/", HTTP_HOST="c1.test").text
    second_home = client.get("/", HTTP_HOST="c2.test").text
    assert "第一社区的博客" in first_home
    assert "第一社区的博客" not in second_home
    assert "0731-0000 0002" in second_home
    assert "0731-0000 0002" not in first_home
    assert "虚构社区2" in second_home


def test_the_data_every_request_reads_holds_no_page(client, communities):
    client.get("/", HTTP_HOST="c1.test")
    data = cache.get(DATA_KEY)
    assert len(data.sites) == 4  # the default community and three more
    assert all(not site._state.fields_cache for site in data.sites)  # no root page
    assert not hasattr(data, "sections")
    assert not hasattr(data, "settings")


def test_a_known_host_reads_its_site_entry_with_the_shared_data(client, communities, monkeypatch):
    client.get("/", HTTP_HOST="c2.test")  # the process learns which site answers the host
    reads, inside = [], []
    original_get_many, original_get = cache.get_many, cache.get

    def get_many(keys, *args, **kwargs):
        reads.append(tuple(keys))
        inside.append(True)  # the local-memory cache reads each key through get()
        try:
            return original_get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    def get(key, *args, **kwargs):
        if not inside:
            reads.append(key)
        return original_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    assert client.get("/", HTTP_HOST="c2.test").status_code == 200
    entry_reads = [read for read in reads if ENTRY_KEY in str(read)]
    assert entry_reads == [(VERSION_KEY, DATA_KEY, f"{ENTRY_KEY}:{communities[1].site.pk}")]
