"""The dummy plugin's personal data: the hands a resident raised, each with a text receipt."""

from django.core.files.base import ContentFile

from plugins import PersonalData, PersonalFile
from tests.dummy_plugin.models import HandRaise


def personal_data(user) -> PersonalData:
    hands = HandRaise.objects.filter(user=user).select_related("module").order_by("raised_at")
    records = [
        {"module": hand.module.title, "raised_at": hand.raised_at.isoformat()} for hand in hands
    ]
    files = tuple(
        PersonalFile(
            name=f"receipts/{hand.pk}.txt",
            file=ContentFile(f"You raised your hand in {hand.module.title}.".encode()),
        )
        for hand in hands
    )
    return PersonalData(records=records, files=files)


def erase_personal_data(user) -> None:
    """A raised hand means nothing without the person: it goes."""
    HandRaise.objects.filter(user=user).delete()
