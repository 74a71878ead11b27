"""A backup taken while a ballot is open does not carry the casting order: `backup` asks every
plugin to prepare, and the ballots plugin mixes the boxes first (README, "Backups")."""

import pytest
from django.db import connection

from backups import archive, service
from participation.ballots import casting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_backup_mixes_the_box_of_an_open_ballot_before_copying_it(
    motion, voters, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for voter in voters:
        casting.cast_vote(motion, voter, {"vote": "for"})
    motion.refresh_from_db()
    assert motion.box_mixed_at is None

    service.back_up(tmp_path / "b.age", archive.new_key(), connection, settings.MEDIA_ROOT)

    motion.refresh_from_db()
    last_vote = max(motion.roll.values_list("voted_at", flat=True))
    assert motion.box_mixed_at >= last_vote
