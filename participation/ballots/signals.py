"""The last guard of ballot records: nothing deletes an opened ballot, not even a cascade.

Deleting its page, its Module row or the ballot itself raises BallotLocked; the admin hooks
turn those cases into a message before they get here.
"""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from participation.ballots.models import Ballot, BallotLocked
from participation.core.models import Module


@receiver(pre_delete, sender=Module)
@receiver(pre_delete, sender=Ballot)
def refuse_deleting_opened_ballots(sender, instance, **kwargs):
    if instance.kind != Ballot.module_kind:
        return
    ballot = Ballot.objects.filter(pk=instance.pk).first()
    if ballot is not None and ballot.is_locked():
        raise BallotLocked(Ballot.delete_refused_message())


@receiver(pre_save, sender=Module)
def refuse_changing_opened_ballots_as_modules(sender, instance, raw=False, **kwargs):
    """Saving a ballot's Module row directly must not move its schedule or its page."""
    if raw or instance.kind != Ballot.module_kind or not instance.pk:
        return
    ballot = Ballot.objects.filter(pk=instance.pk).first()
    if ballot is None or not ballot.is_locked():
        return
    if (instance.page_id, instance.opens_at, instance.closes_at) != (
        ballot.page_id,
        ballot.opens_at,
        ballot.closes_at,
    ):
        raise BallotLocked(Ballot.locked_message())
