from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, NotificationKind, PluginConfig, ScheduledJob


class BallotsConfig(PluginConfig):
    name = "participation.ballots"
    label = "participation_ballots"
    verbose_name = _("票决")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("要事票决与民主测评：无记名、可计票、可核验的投票。")
    kind = "ballot"
    module_model = "participation_ballots.Ballot"
    demo_loader = "participation.ballots.demo.load"
    # Freezes the roll of ballots that opened and re-mixes boxes (docs/design-notes.md).
    scheduled_jobs = (
        ScheduledJob("ballots_maintain", ("--mix-open",), every=timedelta(minutes=5)),
    )
    notification_kinds = (
        NotificationKind("ballot_opened", _("我可以参加的票决开始投票")),
        NotificationKind("ballot_closing", _("我还没有投票的票决将在 24 小时内截止")),
        NotificationKind("ballot_certified", _("我参加的票决公布了审核后的结果")),
    )
    # The menu items of wagtail_hooks.py: the definitions (snippets) and the office desk.
    admin_menu_names = ("ballots", "ballot-desk")

    def ready(self):
        from participation.ballots import signals  # noqa: F401 -- connects the record guards

    def module_context(self, request, module) -> dict:
        from participation.ballots.presentation import module_context

        return module_context(request, module)

    def module_of(self, record):
        """A vote (its roll mark and its box entry) shows on no page while the ballot is open:
        its page shows neither turnout nor receipts before it closes, so casting purges nothing.
        """
        from participation.ballots.models import Ballot, BoxEntry, RollEntry

        if isinstance(record, RollEntry | BoxEntry) and record.ballot.state() == Ballot.State.OPEN:
            return None
        return super().module_of(record)

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Ballots add nothing to listings' contribution counts.

        A vote is not a public contribution like a comment, and a live count of votes would
        be a running turnout figure on every listing; the ballot's own page shows its state.
        """
        return {}

    def api_views(self):
        """Certified results at /api/v2/ballot-results/ (participation.ballots.api)."""
        from participation.ballots.api import BallotResultsView

        return [("ballot-results", BallotResultsView.as_view())]

    def open_data_sets(self):
        """Certified results, as the ballot pages publish them (participation.ballots.open_data)."""
        from participation.ballots.open_data import CERTIFIED_RESULTS

        return [CERTIFIED_RESULTS]

    def my_participation(self, user):
        """Open ballots the resident may vote in, and those they voted in; never how."""
        from participation.ballots.personal import my_participation

        return my_participation(user)

    def personal_data(self, user):
        """Their roll entries (ballot, whether, when, which channel); no receipt, no choice."""
        from participation.ballots.personal import personal_data

        return personal_data(user)

    def erase_personal_data(self, user) -> None:
        """Unlink them from the roll; tallies, quorums and certified results stay the same."""
        from participation.ballots.personal import erase_personal_data

        erase_personal_data(user)

    def prepare_backup(self) -> None:
        """Mix every box that may hold votes in casting order, so a backup carries none."""
        from participation.ballots.mixing import close_due_ballots, mix_open_ballots

        close_due_ballots()
        mix_open_ballots()
