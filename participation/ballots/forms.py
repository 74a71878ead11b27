"""The ballot paper (residents, and staff recording an assisted vote) and the staff desk forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.ballots import tally
from participation.ballots.models import Ballot
from participation.ballots.refusals import MESSAGES, Reason, message

NOT_AN_UNVOTED_VOTER = _("该居民不在名册中或已投票。")


class BallotPaperForm(forms.Form):
    """One ballot paper, its fields built from the ballot's kind and options; works without JS."""

    paper = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": MESSAGES[Reason.INVALID_PAPER]},
    )
    confirm = forms.BooleanField(
        label=_("我已核对所选内容，确认投出。投出后不能更改。"),
        error_messages={"required": _("请勾选确认后再投票。")},
    )

    def __init__(self, ballot: Ballot, *args, **kwargs):
        kwargs.setdefault("prefix", f"ballot{ballot.pk}")
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        # A motion has no options: its paper reads none.
        motion = ballot.ballot_type == Ballot.Type.MOTION
        self.options = [] if motion else list(ballot.options.all())
        fields = {
            Ballot.Type.MOTION: self._motion_fields,
            Ballot.Type.CHOICE: self._choice_fields,
            Ballot.Type.EVALUATION: self._evaluation_fields,
        }[ballot.ballot_type]()
        confirm = self.fields.pop("confirm")
        self.fields.update(fields)
        self.fields["confirm"] = confirm

    def _motion_fields(self):
        choices = [(vote, label) for vote, label in tally.MOTION_LABELS.items()]
        return {
            "vote": forms.ChoiceField(
                label=_("您的意见"),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": MESSAGES[Reason.NO_VOTE]},
            )
        }

    def _choice_fields(self):
        choices = [(str(option.pk), option.label) for option in self.options]
        if self.ballot.max_choices == 1:
            field = forms.ChoiceField(
                label=_("请选择一项（不选即为弃权）"),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
            )
        else:
            field = forms.MultipleChoiceField(
                label=_("最多可选 %(max)s 项（不选即为弃权）") % {"max": self.ballot.max_choices},
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        field.error_messages["invalid_choice"] = MESSAGES[Reason.FOREIGN_OPTION]
        return {"options": field}

    def _evaluation_fields(self):
        ratings = list(tally.RATING_LABELS.items())
        return {
            f"item_{option.pk}": forms.ChoiceField(
                label=option.label,
                help_text=option.description,
                choices=ratings,
                widget=forms.RadioSelect,
                error_messages={"required": _("请对“%(name)s”作出评价。") % {"name": option.label}},
            )
            for option in self.options
        }

    def clean_options(self):
        chosen = self.cleaned_data.get("options") or []
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if len(chosen) > self.ballot.max_choices:
            raise forms.ValidationError(
                message(Reason.TOO_MANY_CHOICES, max=self.ballot.max_choices)
            )
        return chosen

    def choices(self) -> dict:
        """The raw choices for casting.cast_vote, which validates them again."""
        data = self.cleaned_data
        if self.ballot.ballot_type == Ballot.Type.MOTION:
            return {"vote": data["vote"]}
        if self.ballot.ballot_type == Ballot.Type.CHOICE:
            return {"options": data["options"]}
        return {"ratings": {str(option.pk): data[f"item_{option.pk}"] for option in self.options}}

    def option_ids(self) -> list[int]:
        """The ballot's options as read for this paper, for the cast to validate against."""
        return [option.pk for option in self.options]

    def main_field(self):
        """The one question of a motion or a choice (evaluations have one field per item)."""
        return self["vote"] if "vote" in self.fields else self["options"]

    def evaluation_fields(self):
        return [self[name] for name in self.fields if name.startswith("item_")]


class AssistedVoteForm(BallotPaperForm):
    """Staff record the vote of a resident who asked for help at the community office."""

    consent_note = forms.CharField(
        label=_("居民本人同意代为录入的记录"),
        max_length=300,
        help_text=_("例如：本人到社区服务大厅口述意愿，工作人员代为录入，本人签字确认。"),
        error_messages={"required": MESSAGES[Reason.NO_CONSENT]},
    )

    def __init__(self, ballot, *args, voters=None, **kwargs):
        super().__init__(ballot, *args, **kwargs)
        del self.fields["paper"]  # staff record a fresh paper each time, with its own receipt
        self.fields["voter"] = forms.ModelChoiceField(
            label=_("居民"),
            queryset=voters,
            error_messages={"invalid_choice": NOT_AN_UNVOTED_VOTER},
        )
        self.fields["confirm"].label = _("居民已核对所选内容并确认投出。")
        self.order_fields(["voter", *[n for n in self.fields if n not in ("voter",)]])


class InPersonForm(forms.Form):
    voter = forms.ModelChoiceField(
        label=_("现场投票的居民"),
        queryset=None,
        error_messages={"invalid_choice": NOT_AN_UNVOTED_VOTER},
    )

    def __init__(self, *args, voters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].queryset = voters


class PaperTallyForm(forms.Form):
    """The paper count: number of papers, then votes per answer (motion, choice or evaluation)."""

    ballots_counted = forms.IntegerField(label=_("收回的纸质选票数"), min_value=0)

    def __init__(self, ballot: Ballot, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        self.options = list(ballot.options.all())
        count = {"min_value": 0, "initial": 0}
        if ballot.ballot_type == Ballot.Type.MOTION:
            for vote, label in tally.MOTION_LABELS.items():
                self.fields[vote] = forms.IntegerField(label=label, **count)
        elif ballot.ballot_type == Ballot.Type.CHOICE:
            for option in self.options:
                self.fields[f"option_{option.pk}"] = forms.IntegerField(label=option.label, **count)
            self.fields["blank"] = forms.IntegerField(label=_("空白票"), **count)
        else:
            for option in self.options:
                for rating, label in tally.RATING_LABELS.items():
                    self.fields[f"rating_{option.pk}_{rating}"] = forms.IntegerField(
                        label=f"{option.label} · {label}", **count
                    )

    def counts(self) -> dict:
        data = self.cleaned_data
        if self.ballot.ballot_type == Ballot.Type.MOTION:
            return {vote: data[vote] for vote in tally.MOTION_VOTES}
        if self.ballot.ballot_type == Ballot.Type.CHOICE:
            options = {str(o.pk): data[f"option_{o.pk}"] for o in self.options}
            return {"options": options, "blank": data["blank"]}
        return {
            "ratings": {
                str(o.pk): {r: data[f"rating_{o.pk}_{r}"] for r in tally.RATINGS}
                for o in self.options
            }
        }
