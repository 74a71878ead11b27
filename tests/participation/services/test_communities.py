"""The staggered-hours service never crosses communities: only residents of the community whose
tree holds the service's page book there, online or through the desk."""

import pytest
from django.urls import reverse

from participation.residents.factories import VerifiedResidentFactory
from participation.services import services
from participation.services.models import Booking
from tests.communities import SECOND_HOST, make_community, unit_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    """A verified resident of the second community."""
    return VerifiedResidentFactory(unit=unit_in(make_community(), building="8"))


@pytest.mark.parametrize("host", ["localhost", SECOND_HOST])
def test_a_resident_of_another_community_cannot_book(client, module, outsider, matter, duty, host):
    client.force_login(outsider)
    data = {"matter": matter.pk, "mode": "visit", "duty": duty.pk, "details": "开居住证明"}
    url = reverse("participation_services:book", args=[module.pk])
    response = client.post(url, data, HTTP_HOST=host)
    assert not Booking.objects.exists()
    assert not outsider.has_perm("participation_services.book", module)
    if host == "localhost":
        assert "这项服务属于其他社区，只有该社区的居民可以预约。" in response.text


def test_the_desk_cannot_book_a_resident_of_another_community(
    module, outsider, matter, duty, cadre
):
    request = services.Request(
        matter=matter, mode="visit", duty_id=duty.pk, channel="phone", consent=True
    )
    with pytest.raises(services.BookingError, match="其他社区"):
        services.book(module, outsider, request, recorded_by=cadre)
    assert not Booking.objects.exists()
    ours = VerifiedResidentFactory()
    assert services.book(module, ours, request, recorded_by=cadre).author == ours
