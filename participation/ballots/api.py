"""Certified ballot results in the read-only API (/api/v2/ballot-results/): only ballots whose
result a reviewer certified, on pages anyone may view; nothing of an open or uncertified ballot
and never who voted how."""

from rest_framework import serializers

from participation.ballots import tally
from participation.ballots.models import Ballot
from participation.ballots.presentation import present_result, public_figures
from participation.core.api import PluginListView
from participation.core.links import absolute_url


class BallotResultSerializer(serializers.ModelSerializer):
    page = serializers.IntegerField(source="page_id")
    page_url = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = [
            "id",
            "title",
            "question",
            "ballot_type",
            "page",
            "page_url",
            "certified_at",
            "result",
        ]

    def get_page_url(self, ballot) -> str:
        return absolute_url(ballot.page)

    def get_result(self, ballot) -> dict:
        result = present_result(ballot)
        return {
            **public_figures(result),
            "outcome_label": str(result["outcome_label"]),
            "options": [
                {
                    "key": row["key"],
                    "label": row["label"],
                    "votes": row["votes"],
                    "share": row["share"],
                }
                for row in result["rows"]
            ],
            "evaluation": [
                {
                    "label": row["label"],
                    **{rating: row[rating] for rating in tally.RATINGS},
                    "approval": row["approval"],
                }
                for row in result["evaluation"]
            ],
        }


class BallotResultsView(PluginListView):
    """Latest certified first."""

    plugin_label = "participation_ballots"
    serializer_class = BallotResultSerializer

    def get_queryset(self):
        certified = Ballot.objects.filter(certified_at__isnull=False).of_community(self.community)
        return certified.visible_to(None).select_related("page").order_by("-certified_at", "-pk")
