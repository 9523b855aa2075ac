"""管 · democratic evaluation (民主测评) with anonymous ballot slips, annual
appraisal (年度考核) with the 优秀 quota.

The ballot machinery is generic (民主推荐 reuses it): an evaluation has subjects, questions,
an option set, voter types, a window and a minimum turnout. Anonymity is built into the
tables: a slip row holds only the keyed hash of its code, its voter type and whether it is
used; a ballot row holds the evaluation, the voter type, the answers and the day. No column
links a ballot to a slip or a person, ids are random (UUID4) so insertion order says nothing,
and the people a slip was sent to live in their own table with no link to any code.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingmiao.cadres.models import Appraisal

__all__ = [
    "AppraisalProposal",
    "AppraisalQuota",
    "Ballot",
    "BallotAnswer",
    "BallotSlip",
    "Evaluation",
    "EvaluationQuestion",
    "EvaluationSubject",
    "SlipRecipient",
    "VoterGroup",
]


class VoterType(models.TextChoices):
    COLLEAGUE = "colleague", _("本单位同事")
    SERVED = "served", _("服务对象或接收单位")
    COHORT = "cohort", _("同批学员")
    LEADERSHIP = "leadership", _("领导班子成员")
    OTHER = "other", _("其他参评人员")


class OptionSet(models.TextChoices):
    GRADES = "grades", _("优秀、称职、基本称职、不称职")
    RECOMMEND = "recommend", _("推荐、不推荐、弃权")


# The options of each set, in the order a ballot lists them: (key, label).
OPTIONS = {
    OptionSet.GRADES: [
        ("excellent", _("优秀")),
        ("competent", _("称职")),
        ("basically", _("基本称职")),
        ("incompetent", _("不称职")),
    ],
    OptionSet.RECOMMEND: [
        ("agree", _("推荐")),
        ("disagree", _("不推荐")),
        ("abstain", _("弃权")),
    ],
}


class Turnout(models.TextChoices):
    """The minimum share of issued slips that must come back before results are shown."""

    HALF = "1/2", _("二分之一")
    TWO_THIRDS = "2/3", _("三分之二")
    THREE_QUARTERS = "3/4", _("四分之三")
    FOUR_FIFTHS = "4/5", _("五分之四")


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("民主测评")
        RECOMMENDATION = "recommendation", _("民主推荐")

    title = models.CharField(_("测评名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.EVALUATION)
    # The organizing unit: staff of its subtree see the evaluation.
    unit = models.ForeignKey(
        "cadres.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位")
    )
    year = models.PositiveIntegerField(_("年度"))
    option_set = models.CharField(
        _("评价档次"), max_length=16, choices=OptionSet.choices, default=OptionSet.GRADES
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    min_turnout = models.CharField(
        _("最低回收率"), max_length=4, choices=Turnout.choices, default=Turnout.TWO_THIRDS
    )
    # Set when staff end the window early; the window's end otherwise.
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["-opens_at", "-id"]
        indexes = [
            models.Index(fields=["year", "-opens_at"], name="sup_eval_year_idx"),
            models.Index(fields=["unit", "-opens_at"], name="sup_eval_unit_idx"),
        ]

    def __str__(self):
        return self.title

    def options(self) -> list[tuple[str, str]]:
        return [(k, str(label)) for k, label in OPTIONS[OptionSet(self.option_set)]]

    def turnout_fraction(self) -> tuple[int, int]:
        num, den = self.min_turnout.split("/")
        return int(num), int(den)


class EvaluationSubject(models.Model):
    """A cadre being evaluated (one or more per evaluation)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="subjects")
    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("测评对象")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("测评对象")
        verbose_name_plural = _("测评对象")
        ordering = ["evaluation", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "cadre"], name="sup_subject_once")
        ]
        indexes = [models.Index(fields=["cadre"], name="sup_subject_cadre_idx")]

    def __str__(self):
        return str(self.cadre)


class EvaluationQuestion(models.Model):
    """What each subject is asked about: 总体评价, or each dimension of a scheme."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(_("测评内容"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("测评内容")
        verbose_name_plural = _("测评内容")
        ordering = ["evaluation", "position", "id"]

    def __str__(self):
        return self.title


class VoterGroup(models.Model):
    """A type of voter the evaluation asks (本单位同事, 服务对象…)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="groups")
    voter_type = models.CharField(_("参评人员类别"), max_length=16, choices=VoterType.choices)

    class Meta:
        verbose_name = _("参评人员类别")
        verbose_name_plural = _("参评人员类别")
        ordering = ["evaluation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "voter_type"], name="sup_group_once")
        ]

    def __str__(self):
        return self.get_voter_type_display()


class BallotSlip(models.Model):
    """One issued slip: the keyed hash of its code, its voter type, used or not. Nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="slips")
    voter_type = models.CharField(_("参评人员类别"), max_length=16, choices=VoterType.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("已投票"), default=False)

    class Meta:
        verbose_name = _("测评票")
        verbose_name_plural = _("测评票")
        indexes = [
            models.Index(fields=["evaluation", "voter_type", "used"], name="sup_slip_count_idx")
        ]

    def __str__(self):
        return str(_("测评票"))


class Ballot(models.Model):
    """One cast ballot: which evaluation, which voter type, the day. No slip, no person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ballots")
    voter_type = models.CharField(_("参评人员类别"), max_length=16, choices=VoterType.choices)
    cast_on = models.DateField(_("投票日期"))

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        indexes = [models.Index(fields=["evaluation", "voter_type"], name="sup_ballot_type_idx")]

    def __str__(self):
        return str(_("选票"))


class BallotAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    subject = models.ForeignKey(EvaluationSubject, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(EvaluationQuestion, on_delete=models.CASCADE, related_name="+")
    option = models.CharField(_("评价"), max_length=16)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        indexes = [models.Index(fields=["subject", "question", "option"], name="sup_answer_idx")]

    def __str__(self):
        return self.option


class SlipRecipient(models.Model):
    """A named person asked to vote. They draw a slip themselves; which one is never written."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    voter_type = models.CharField(_("参评人员类别"), max_length=16, choices=VoterType.choices)
    drawn = models.BooleanField(_("已领票"), default=False)

    class Meta:
        verbose_name = _("发送对象")
        verbose_name_plural = _("发送对象")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="sup_recipient_once")
        ]

    def __str__(self):
        return str(self.user)


class AppraisalQuota(models.Model):
    """The 优秀 share of a year (e.g. 20 %); absent, the default share applies."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    excellent_percent = models.PositiveSmallIntegerField(_("优秀比例（%）"), default=20)

    class Meta:
        verbose_name = _("优秀比例")
        verbose_name_plural = _("优秀比例")

    def __str__(self):
        return f"{self.year} {self.excellent_percent}%"


class AppraisalProposal(models.Model):
    """A unit's proposed grade for one cadre in one year; confirmed, it goes on the record."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.PROTECT, related_name="+", verbose_name=_("干部")
    )
    year = models.PositiveIntegerField(_("年度"))
    # The unit whose 优秀 quota the grade counts against: the cadre's unit when proposed.
    unit = models.ForeignKey(
        "cadres.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    grade = models.CharField(_("考核等次"), max_length=12, choices=Appraisal.Result.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度考核等次")
        verbose_name_plural = _("年度考核等次")
        ordering = ["-year", "unit", "cadre"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="sup_proposal_one_per_year")
        ]
        indexes = [
            models.Index(fields=["year", "unit", "status"], name="sup_proposal_unit_idx"),
            models.Index(fields=["year", "status", "grade"], name="sup_proposal_status_idx"),
        ]

    def __str__(self):
        return f"{self.cadre} {self.year} {self.get_grade_display()}"
