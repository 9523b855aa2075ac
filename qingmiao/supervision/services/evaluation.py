"""Democratic evaluation (民主测评): opening one, issuing slips, sending them to named people,
casting a ballot, closing.

A ballot is cast with a slip's code and nothing else: the slip is marked used and the ballot
written in one transaction, and neither row names the other. The audit entry of a vote names
the evaluation only. Closing rewrites every slip and ballot row of the evaluation in one
statement, so the database's own row stamps no longer pair a slip with the ballot written
beside it (see docs/supervision.md).
"""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts import audit, scoping
from qingmiao.cadres.models import Cadre, OrgUnit
from qingmiao.cadres.templatetags.qingmiao import cn_datetime

from .. import ballots, notifications_evaluation
from ..models import (
    Ballot,
    BallotAnswer,
    BallotSlip,
    Evaluation,
    EvaluationQuestion,
    EvaluationSubject,
    SlipRecipient,
    VoterGroup,
)
from ..models.evaluation import VoterType

MAX_SLIPS = 500  # one batch: a sheet of slips for one meeting
MAX_SUBJECTS = 50


def require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(perm)


def answer_key(subject_id: int, question_id: int) -> str:
    """How a ballot names one answer (a form field, a key of the API's `answers`)."""
    return f"s{subject_id}q{question_id}"


@transaction.atomic
def evaluation_create(*, actor, data: dict) -> Evaluation:
    """Open an evaluation of one or more cadres the actor can see, by the organizing unit."""
    require(actor, "supervision.manage_evaluations")
    errors: dict = {}
    unit = data.get("unit")
    if not isinstance(unit, OrgUnit) or not _unit_visible(actor, unit):
        unit = None
        errors["unit"] = _("请选择本单位或下级单位。")
    opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = _("截止时间须晚于开始时间。")
    subjects: Sequence[Cadre] = list(data.get("subjects") or [])
    # Entries that are not cadres (an id the caller could not resolve) are refused with the rest.
    visible = set(
        scoping.visible(actor, Cadre)
        .filter(pk__in=[c.pk for c in subjects if isinstance(c, Cadre)])
        .values_list("pk", flat=True)
    )
    if not subjects:
        errors["subjects"] = _("请至少选择一名测评对象。")
    elif len(subjects) > MAX_SUBJECTS:
        errors["subjects"] = _("一次测评最多 %(n)s 名测评对象。") % {"n": MAX_SUBJECTS}
    elif any(not isinstance(c, Cadre) or c.pk not in visible for c in subjects):
        errors["subjects"] = _("测评对象须是您可以查看的干部。")
    voter_types = list(dict.fromkeys(data.get("voter_types") or []))
    if not voter_types or any(t not in VoterType.values for t in voter_types):
        errors["voter_types"] = _("请至少选择一类参评人员。")
    questions = [q.strip() for q in (data.get("questions") or []) if q and q.strip()]
    if len(questions) > 10 or any(len(q) > 60 for q in questions):
        errors["questions"] = _("测评内容最多 10 项，每项不超过 60 字。")
    if errors or unit is None or opens_at is None or closes_at is None:
        raise ValidationError(errors or {"opens_at": _("请填写开始时间和截止时间。")})
    evaluation = Evaluation.objects.create(
        title=data["title"],
        kind=data.get("kind") or Evaluation.Kind.EVALUATION,
        unit=unit,
        year=data.get("year") or timezone.localdate(opens_at).year,
        option_set=data.get("option_set") or "grades",
        opens_at=opens_at,
        closes_at=closes_at,
        min_turnout=data.get("min_turnout") or "2/3",
        created_by=actor,
    )
    EvaluationSubject.objects.bulk_create(
        EvaluationSubject(evaluation=evaluation, cadre=c, position=i)
        for i, c in enumerate(subjects)
    )
    EvaluationQuestion.objects.bulk_create(
        EvaluationQuestion(evaluation=evaluation, title=t, position=i)
        for i, t in enumerate(questions or [_("总体评价")])
    )
    VoterGroup.objects.bulk_create(
        VoterGroup(evaluation=evaluation, voter_type=t) for t in voter_types
    )
    audit.record(
        "supervision.evaluation.created",
        actor=actor,
        obj=evaluation,
        extra={"subjects": len(subjects), "voter_types": voter_types},
    )
    return evaluation


def _unit_visible(actor, unit: OrgUnit) -> bool:
    home = actor.org_unit
    return home is not None and unit.path.startswith(home.path)


def _require_open_for_slips(evaluation: Evaluation, voter_type: str) -> None:
    if ballots.state(evaluation) == ballots.CLOSED:
        raise ValidationError(_("测评已结束，不能再发放测评票。"))
    if not evaluation.groups.filter(voter_type=voter_type).exists():
        raise ValidationError({"voter_type": _("本次测评没有这类参评人员。")})


@transaction.atomic
def slips_issue(*, actor, evaluation: Evaluation, voter_type: str, count: int) -> list[str]:
    """Issue `count` slips of one voter type and return their codes — the only time they exist
    in clear: the page prints them at once, the database keeps their hashes."""
    require(actor, "supervision.manage_evaluations")
    _require_open_for_slips(evaluation, voter_type)
    if not isinstance(count, int) or not 1 <= count <= MAX_SLIPS:
        raise ValidationError({"count": _("每次发放 1 至 %(n)s 张。") % {"n": MAX_SLIPS}})
    codes = _fresh_codes(count)
    BallotSlip.objects.bulk_create(
        BallotSlip(evaluation=evaluation, voter_type=voter_type, code_hash=ballots.code_hash(c))
        for c in codes
    )
    audit.record(
        "supervision.slips.issued",
        actor=actor,
        obj=evaluation,
        extra={"voter_type": voter_type, "count": count},
    )
    return codes


def _fresh_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(ballots.new_code())
    taken = set(
        BallotSlip.objects.filter(code_hash__in=[ballots.code_hash(c) for c in codes]).values_list(
            "code_hash", flat=True
        )
    )
    # 40 random bits: a clash is all but impossible, but never hand out a code twice.
    return [c for c in codes if ballots.code_hash(c) not in taken] + (
        _fresh_codes(len(taken)) if taken else []
    )


@transaction.atomic
def recipients_send(*, actor, evaluation: Evaluation, users: Iterable, voter_type: str) -> int:
    """Ask named people to vote: each is told to draw a slip (see `slip_draw`). Which slip they
    draw is written nowhere, so the list of names says who was asked, not how they voted."""
    require(actor, "supervision.manage_evaluations")
    _require_open_for_slips(evaluation, voter_type)
    users = [u for u in users if u.is_active]
    if not users:
        raise ValidationError({"users": _("请至少选择一名人员。")})
    already = set(
        SlipRecipient.objects.filter(evaluation=evaluation, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    new = [u for u in users if u.pk not in already]
    SlipRecipient.objects.bulk_create(
        SlipRecipient(evaluation=evaluation, user=u, voter_type=voter_type) for u in new
    )
    if new:
        notifications_evaluation.slip_sent(evaluation, new)
    audit.record(
        "supervision.slips.sent",
        actor=actor,
        obj=evaluation,
        extra={"voter_type": voter_type, "count": len(new)},
    )
    return len(new)


@transaction.atomic
def slip_draw(*, actor, evaluation: Evaluation) -> str:
    """A named voter draws their slip: a fresh code of their voter type, shown to them once."""
    recipient = (
        SlipRecipient.objects.select_for_update().filter(evaluation=evaluation, user=actor).first()
    )
    if recipient is None:
        raise PermissionDenied("not a recipient")
    if recipient.drawn:
        raise ValidationError(_("您已领取过本次测评的测评票，每人只能领取一张。"))
    if ballots.state(evaluation) == ballots.CLOSED:
        raise ValidationError(_("测评已结束。"))
    recipient.drawn = True
    recipient.save(update_fields=["drawn"])
    (code,) = _fresh_codes(1)
    BallotSlip.objects.create(
        evaluation=evaluation, voter_type=recipient.voter_type, code_hash=ballots.code_hash(code)
    )
    audit.record("supervision.slip.drawn", actor=actor, obj=evaluation)
    return code


def slip_find(*, code: str, client: str) -> BallotSlip:
    """The slip a code opens, or a refusal on `code`; wrong codes count toward the limit."""
    if ballots.guesses_exhausted(client):
        raise ValidationError({"code": ballots.too_many_guesses_message()})
    slip = None
    if ballots.well_formed(code):
        slip = (
            BallotSlip.objects.select_related("evaluation")
            .filter(code_hash=ballots.code_hash(code))
            .first()
        )
    if slip is None:
        ballots.guess_failed(client)
        raise ValidationError({"code": _("测评码不正确，请核对测评票上的号码。")})
    return slip


def slip_check(slip: BallotSlip, evaluation_id: int | None = None) -> None:
    """Whether this slip may vote now, in the evaluation the voter is on (when the page or
    request names one): one message per reason."""
    if evaluation_id is not None and slip.evaluation_id != evaluation_id:
        raise ValidationError({"code": _("这张测评票不属于本次测评。")})
    if slip.used:
        raise ValidationError({"code": _("这张测评票已经投过票，每张票只能投一次。")})
    state = ballots.state(slip.evaluation)
    if state == ballots.PENDING:
        raise ValidationError(
            {"code": _("测评尚未开始，请在 %(when)s 之后投票。") % {"when": _when(slip.evaluation)}}
        )
    if state == ballots.CLOSED:
        raise ValidationError({"code": _("测评已结束，不再接受投票。")})


def _when(evaluation: Evaluation) -> str:
    return cn_datetime(timezone.localtime(evaluation.opens_at))


@transaction.atomic
def ballot_cast(
    *, code: str, answers: dict, client: str, evaluation_id: int | None = None
) -> Evaluation:
    """Cast one ballot with a slip. All-or-nothing: a refusal saves nothing and uses no slip.

    `answers` maps `answer_key(subject, question)` to an option key; every subject must be
    answered on every question. Returns nothing: the voter learns only that the vote counted.
    """
    slip = slip_find(code=code, client=client)
    slip_check(slip, evaluation_id)
    evaluation = slip.evaluation
    subjects = list(evaluation.subjects.all())
    questions = list(evaluation.questions.all())
    options = {key for key, _label in evaluation.options()}
    answers = answers if isinstance(answers, dict) else {}
    errors = {}
    rows = []
    for subject in subjects:
        for question in questions:
            key = answer_key(subject.pk, question.pk)
            value = answers.get(key)
            if value not in options:
                errors[key] = _("请作出评价。")
            else:
                rows.append((subject, question, value))
    if errors:
        raise ValidationError(errors)
    # The conditional update is the one vote per slip, even with two phones at once.
    if not BallotSlip.objects.filter(pk=slip.pk, used=False).update(used=True):
        raise ValidationError({"code": _("这张测评票已经投过票，每张票只能投一次。")})
    ballot = Ballot.objects.create(
        evaluation=evaluation, voter_type=slip.voter_type, cast_on=timezone.localdate()
    )
    BallotAnswer.objects.bulk_create(
        BallotAnswer(ballot=ballot, subject=s, question=q, option=o) for s, q, o in rows
    )
    # The entry names the evaluation only: no slip, no ballot, and no account even when the
    # voter happens to be signed in.
    audit.record("supervision.ballot.cast", actor=AnonymousUser(), obj=evaluation)
    return evaluation


@transaction.atomic
def evaluation_close(*, actor, evaluation: Evaluation) -> Evaluation:
    """End the window now. Every slip and ballot row is rewritten in one statement each, so
    the rows carry the closing's stamp rather than the moment each vote was written."""
    require(actor, "supervision.manage_evaluations")
    if evaluation.closed_at is not None:
        raise ValidationError(_("测评已经结束。"))
    evaluation.closed_at = timezone.now()
    evaluation.save(update_fields=["closed_at"])
    BallotSlip.objects.filter(evaluation=evaluation).update(used=F("used"))
    Ballot.objects.filter(evaluation=evaluation).update(cast_on=F("cast_on"))
    audit.record("supervision.evaluation.closed", actor=actor, obj=evaluation)
    return evaluation


def recipients_link(evaluation: Evaluation) -> str:
    return reverse("supervision:slip_draw", args=[evaluation.pk])
