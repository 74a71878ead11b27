from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig, ScheduledJob


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
    module_template = "participation_ballots/module.html"
    urls = "participation.ballots.urls"
    demo_loader = "participation.ballots.demo.load"
    # Freezes the roll of ballots that opened and re-mixes boxes (docs/design-notes.md).
    scheduled_jobs = (
        ScheduledJob("ballots_maintain", ("--mix-open",), every=timedelta(minutes=5)),
    )

    def ready(self):
        from participation.ballots import signals  # noqa: F401 -- connects the record guards

    def module_context(self, request, module) -> dict:
        from participation.ballots.presentation import module_context

        return module_context(request, module)

    def count_contributions(self, page_ids) -> dict[int, int]:
        """Ballots add nothing to listings' contribution counts.

        A vote is not a public contribution like a comment, and a live count of votes would
        be a running turnout figure on every listing; the ballot's own page shows its state.
        """
        return {}
