"""Ballots: the definition (rules, options), the frozen voter roll and the ballot box.

Secrecy rests on the shape of two tables. ``RollEntry`` says who voted, when and how
(ballot, voter, voted_at, channel). ``BoxEntry`` says what was voted (ballot, choices, receipt
hash) under a random UUID key, with no timestamp, no channel and no foreign key to the roll.
See docs/design-notes.md, "Ballots: secrecy".
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from participation.core.electorates import electorate_choices
from participation.core.models import Module

# Fields that define what is voted on and how it is counted: frozen once the ballot opens.
FROZEN_FIELDS = (
    "page_id",
    "opens_at",
    "closes_at",
    "ballot_type",
    "max_choices",
    "electorate",
    "quorum_numerator",
    "quorum_denominator",
    "threshold",
    "abstentions_in_threshold_base",
    "is_secret",
)


class BallotLocked(ValidationError):
    """Raised when something tries to change a ballot's definition after it opened."""


def electorate_options() -> list[tuple[str, str]]:
    """The ballot's own electorates, then those other plugins declare (党员和居民代表)."""
    return [*Ballot.Electorate.choices, *electorate_choices()]


class Ballot(Module, ClusterableModel):
    """A vote on a major matter (要事票决), a choice between options, or a democratic evaluation.

    Its state is derived from the schedule and the certification, never typed in.
    """

    module_kind = "ballot"

    class Type(models.TextChoices):
        MOTION = "motion", _("议案表决（赞成/反对/弃权）")
        CHOICE = "choice", _("选择（从若干选项中选）")
        EVALUATION = "evaluation", _("民主测评（满意/基本满意/不满意）")

    class Electorate(models.TextChoices):
        RESIDENTS = "residents", _("全体已认证居民")
        REPRESENTATIVES = "representatives", _("现任居民代表")
        BUILDINGS = "buildings", _("指定楼栋的已认证居民")

    class Threshold(models.TextChoices):
        MAJORITY_OF_VOTES = "majority_of_votes", _("赞成票超过投票数的一半")
        TWO_THIRDS_OF_VOTES = "two_thirds_of_votes", _("赞成票达到投票数的三分之二")
        MAJORITY_OF_ELECTORATE = "majority_of_electorate", _("赞成票超过全体有投票权人数的一半")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SCHEDULED = "scheduled", _("待开始")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已截止，待审核")
        CERTIFIED = "certified", _("结果已审核公布")

    ballot_type = models.CharField(
        _("票决类型"), max_length=20, choices=Type.choices, default=Type.MOTION
    )
    question = models.TextField(_("表决事项"), blank=True)
    max_choices = models.PositiveSmallIntegerField(
        _("每人最多可选"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("仅用于选择类票决。"),
    )
    electorate = models.CharField(
        _("投票人范围"),
        max_length=100,
        choices=electorate_options,
        default=Electorate.RESIDENTS,
        help_text=_("其他插件声明的范围（如“党员和居民代表”）也可以选择。"),
    )
    buildings = ParentalManyToManyField(
        "participation_residents.Building",
        verbose_name=_("楼栋"),
        blank=True,
        related_name="+",
        help_text=_("投票人范围为“指定楼栋”时选择。"),
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        _("法定投票率（分子）"), default=0, help_text=_("0 表示不设法定投票率。")
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("法定投票率（分母）"), default=1, validators=[MinValueValidator(1)]
    )
    threshold = models.CharField(
        _("通过规则"),
        max_length=30,
        choices=Threshold.choices,
        default=Threshold.MAJORITY_OF_VOTES,
        help_text=_("仅用于议案表决。"),
    )
    abstentions_in_threshold_base = models.BooleanField(
        _("弃权票计入通过规则的基数"),
        default=True,
        help_text=_("弃权票总是计入投票率；此项决定它是否计入“投票数”。"),
    )
    is_secret = models.BooleanField(
        _("无记名投票"),
        default=True,
        help_text=_("取消勾选则为记名投票：公布投票人姓名及其选择。"),
    )
    roll_frozen_at = models.DateTimeField(_("名册冻结时间"), null=True, blank=True, editable=False)
    electorate_size = models.PositiveIntegerField(_("有投票权人数"), null=True, editable=False)
    box_mixed_at = models.DateTimeField(_("票箱重排时间"), null=True, editable=False)
    certified_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certified_result = models.JSONField(_("审核通过的结果"), null=True, editable=False)
    # When residents were told (participation.ballots.notices): each notice once per ballot.
    opening_announced_at = models.DateTimeField(_("开始投票通知时间"), null=True, editable=False)
    closing_reminded_at = models.DateTimeField(_("截止提醒时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("票决")
        verbose_name_plural = _("票决")
        permissions = [
            ("certify_ballot", _("可审核并公布票决结果")),
            ("run_ballot", _("可登记现场投票、纸质计票和代为投票")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=F("quorum_denominator")),
                name="ballot_quorum_at_most_whole",
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="ballot_max_choices"),
        ]

    def __str__(self):
        return self.title

    # -- state -------------------------------------------------------------------------------
    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.certified_at:
            return self.State.CERTIFIED
        if not self.opens_at or not self.closes_at:
            return self.State.DRAFT
        if now < self.opens_at:
            return self.State.SCHEDULED
        if now < self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    def get_state_display(self) -> str:
        return self.State(self.state()).label

    def is_locked(self) -> bool:
        """Opened (by its stored schedule) or already frozen: the definition may not change."""
        return self.roll_frozen_at is not None or (
            self.opens_at is not None and self.opens_at <= timezone.now()
        )

    @property
    def quorum(self) -> Fraction | None:
        if not self.quorum_numerator:
            return None
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    def quorum_display(self) -> str:
        if not self.quorum_numerator:
            return str(_("不设法定投票率"))
        return _("至少 %(num)s/%(den)s 的有投票权人投票") % {
            "num": self.quorum_numerator,
            "den": self.quorum_denominator,
        }

    # -- validation and the lock ------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.quorum_numerator > self.quorum_denominator:
            errors["quorum_numerator"] = _("法定投票率不能超过 100%。")
        if self.ballot_type != self.Type.CHOICE and self.max_choices != 1:
            errors["max_choices"] = _("只有选择类票决可以多选。")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("截止时间必须晚于开始时间。")
        if errors:
            raise ValidationError(errors)
        self.check_unchanged_since_opening()

    def check_unchanged_since_opening(self):
        """Refuse any change of a frozen field once the stored ballot has opened."""
        if not self.pk:
            return
        stored = Ballot.objects.filter(pk=self.pk).first()
        if stored is None or not stored.is_locked():
            return
        changed = [name for name in FROZEN_FIELDS if getattr(stored, name) != getattr(self, name)]
        if changed:
            raise BallotLocked(
                _("票决已开始，不能再修改选项、规则或时间（%(fields)s）。")
                % {"fields": ", ".join(changed)}
            )

    def save(self, *args, **kwargs):
        self.check_unchanged_since_opening()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked():
            raise BallotLocked(self.delete_refused_message())
        return super().delete(*args, **kwargs)

    @staticmethod
    def delete_refused_message():
        return _("票决已开始，不能删除。")

    @staticmethod
    def options_locked_message():
        return _("票决已开始，不能再修改选项。")

    @staticmethod
    def locked_message():
        return _("票决已开始，不能再修改选项、规则或时间。")


class BallotOption(Orderable):
    """An option of a choice ballot, or a person or item rated in an evaluation."""

    ballot = ParentalKey(
        Ballot, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("名称"), max_length=200)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    panels = [FieldPanel("label"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "label"], name="ballot_option_unique_label")
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_locked(deleting=True)
        return super().delete(*args, **kwargs)

    def _refuse_if_locked(self, deleting=False):
        ballot = Ballot.objects.filter(pk=self.ballot_id).first()
        if ballot is None or not ballot.is_locked():
            return
        if not deleting and self.pk and self._unchanged():
            return  # the admin re-saves every inline row with its parent: a no-op is fine
        raise BallotLocked(Ballot.options_locked_message())

    def _unchanged(self) -> bool:
        fields = ("ballot_id", "label", "description", "sort_order")
        stored = BallotOption.objects.filter(pk=self.pk).values(*fields).first()
        return stored == {name: getattr(self, name) for name in fields}


class Channel(models.TextChoices):
    ONLINE = "online", _("网上投票")
    PAPER = "paper", _("现场纸质投票")
    ASSISTED = "assisted", _("代为录入")


class RollEntry(models.Model):
    """One eligible voter of one ballot, frozen when the ballot opens; marked when they vote.

    The voter is kept nullable so that deleting an account keeps the roll (and the quorum's
    base) intact while forgetting the person.
    """

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="roll"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("投票人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="ballot_roll_entries",
    )
    voted_at = models.DateTimeField(_("投票时间"), null=True)
    channel = models.CharField(_("投票方式"), max_length=10, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_note = models.CharField(_("本人同意记录"), max_length=300, blank=True)
    # Open (roll-call) ballots only: the published choices. Always empty on secret ballots.
    public_choices = models.JSONField(_("记名投票的选择"), null=True, blank=True)

    class Meta:
        verbose_name = _("投票人名册")
        verbose_name_plural = _("投票人名册")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="ballot_roll_one_per_voter"),
            models.CheckConstraint(
                condition=Q(voted_at__isnull=True, channel="")
                | Q(voted_at__isnull=False) & ~Q(channel=""),
                name="ballot_roll_channel_iff_voted",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.ASSISTED) | ~Q(consent_note=""),
                name="ballot_roll_assisted_needs_consent",
            ),
        ]

    def __str__(self):
        return f"{self.ballot} · {self.voter or _('已注销的居民')}"


class BoxEntry(models.Model):
    """One ballot paper in the ballot box: what was chosen, never who or when.

    Random UUID key (no insertion order), no timestamp, no channel, no link to the roll.
    Paper ballots are not here: the paper tally is entered as counts (PaperTally).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="box"
    )
    choices = models.JSONField(_("选择"))
    receipt_hash = models.CharField(_("回执哈希"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("票箱")
        verbose_name_plural = _("票箱")
        default_permissions = ()  # nobody browses the box; results come from the tally

    def __str__(self):
        return self.receipt_hash[:12]


class PaperTally(models.Model):
    """The counted paper ballots of an in-person vote, entered by staff after counting."""

    ballot = models.OneToOneField(
        Ballot, verbose_name=_("票决"), on_delete=models.CASCADE, related_name="paper_tally"
    )
    ballots_counted = models.PositiveIntegerField(_("收回的纸质选票数"))
    counts = models.JSONField(_("计票结果"), default=dict)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("纸质计票")
        verbose_name_plural = _("纸质计票")

    def __str__(self):
        return f"{self.ballot} · {self.ballots_counted}"
