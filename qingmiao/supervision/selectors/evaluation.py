"""Scoped reads of democratic evaluations: the list, one evaluation, its turnout and — once the
window has closed and turnout reached the minimum — its results, all counted in SQL.

Results are only ever aggregates (counts per subject, question, option and voter type); no
read returns a single ballot.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qingmiao.accounts import scoping

from .. import ballots
from ..models import BallotAnswer, BallotSlip, Evaluation, EvaluationSubject, SlipRecipient
from ..models.evaluation import VoterType


def evaluations(user) -> QuerySet[Evaluation]:
    return scoping.visible(user, Evaluation).select_related("unit")


def evaluation_get(user, pk) -> Evaluation:
    """An evaluation the user may read, or 404."""
    return scoping.get_visible_or_404(user, evaluations(user), pk=pk)


def managed_evaluation_get(user, pk) -> Evaluation:
    """An evaluation the user may run (open slips, close): in scope and the capability."""
    evaluation = evaluation_get(user, pk)
    if not user.has_perm("supervision.manage_evaluations"):
        raise Http404
    return evaluation


def recipient_evaluation_get(user, pk) -> Evaluation:
    """An evaluation the user was asked to vote in (the drawing page), or 404."""
    row = (
        scoping.visible(user, SlipRecipient)
        .select_related("evaluation")
        .filter(evaluation_id=pk if str(pk).isdigit() else -1)
        .first()
    )
    if row is None:
        raise Http404
    return row.evaluation


def my_invitations(user) -> QuerySet[SlipRecipient]:
    return scoping.visible(user, SlipRecipient).select_related("evaluation")


def subjects_of(evaluation: Evaluation) -> list[EvaluationSubject]:
    return list(evaluation.subjects.select_related("cadre", "cadre__unit"))


@dataclass
class Turnout:
    issued: int = 0
    used: int = 0
    by_type: list = field(default_factory=list)  # [(label, issued, used)]

    @property
    def rate(self) -> float | None:
        return self.used / self.issued if self.issued else None


def turnout(evaluation: Evaluation) -> Turnout:
    """Slips issued and used, in all and per voter type (one grouped query)."""
    rows = (
        BallotSlip.objects.filter(evaluation=evaluation)
        .values("voter_type")
        .annotate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
        .order_by("voter_type")
    )
    counts = {r["voter_type"]: (r["issued"], r["used"]) for r in rows}
    result = Turnout()
    for group in evaluation.groups.all():
        issued, used = counts.get(group.voter_type, (0, 0))
        result.by_type.append((group.get_voter_type_display(), issued, used))
        result.issued += issued
        result.used += used
    return result


def turnouts(evaluation_ids) -> dict[int, tuple[int, int]]:
    """Issued and used per evaluation, for a page of the list (one grouped query)."""
    rows = (
        BallotSlip.objects.filter(evaluation_id__in=list(evaluation_ids))
        .values("evaluation_id")
        .annotate(issued=Count("pk"), used=Count("pk", filter=Q(used=True)))
        .order_by()
    )
    return {r["evaluation_id"]: (r["issued"], r["used"]) for r in rows}


@dataclass
class OptionCount:
    key: str
    label: str
    count: int
    rate: float | None

    @property
    def percent(self) -> str:
        """The rate as an office writes it: 62.5%; a dash when nothing was counted."""
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%".replace(".0%", "%")


@dataclass
class QuestionResult:
    title: str
    ballots: int
    options: list[OptionCount]
    by_type: list = field(default_factory=list)  # [(type label, ballots, [OptionCount])]


@dataclass
class SubjectResult:
    subject: EvaluationSubject
    questions: list[QuestionResult]

    @property
    def headline(self) -> QuestionResult:
        return self.questions[0]


def results(evaluation: Evaluation) -> list[SubjectResult]:
    """Counts and rates per subject, question, option, and per voter type.

    Every ballot answers every subject on every question, so a question's ballots are the
    evaluation's ballots (of that voter type), and a rate is count ÷ ballots. Two grouped
    queries whatever the number of ballots."""
    ballots_by_type = dict(
        evaluation.ballots.values_list("voter_type").annotate(n=Count("pk")).order_by()
    )
    total = sum(ballots_by_type.values())
    counts: dict = defaultdict(int)
    rows = (
        BallotAnswer.objects.filter(ballot__evaluation=evaluation)
        .values("subject_id", "question_id", "ballot__voter_type", "option")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in rows:
        counts[(r["subject_id"], r["question_id"], r["ballot__voter_type"], r["option"])] = r["n"]
    options = evaluation.options()
    types = [g.voter_type for g in evaluation.groups.all()]
    questions = list(evaluation.questions.all())
    out = []
    for subject in subjects_of(evaluation):
        per_question = []
        for q in questions:

            def tally(kinds, n_ballots, s=subject, q=q):
                return [
                    OptionCount(
                        key,
                        label,
                        n := sum(counts[(s.pk, q.pk, t, key)] for t in kinds),
                        n / n_ballots if n_ballots else None,
                    )
                    for key, label in options
                ]

            per_question.append(
                QuestionResult(
                    title=q.title,
                    ballots=total,
                    options=tally(types, total),
                    by_type=[
                        (
                            VoterType(t).label,
                            ballots_by_type.get(t, 0),
                            tally([t], ballots_by_type.get(t, 0)),
                        )
                        for t in types
                    ],
                )
            )
        out.append(SubjectResult(subject, per_question))
    return out


def visible_results(evaluation: Evaluation):
    """(turnout, results or None, why withheld): what a reader may see of an evaluation."""
    t = turnout(evaluation)
    if ballots.results_visible(evaluation, t.issued, t.used):
        return t, results(evaluation), ""
    return t, None, ballots.results_withheld_reason(evaluation, t.issued, t.used)


def cadre_results(user, cadre, year: int | None = None) -> list[tuple[Evaluation, QuestionResult]]:
    """The cadre's published results (closed, turnout reached), newest first: for the record
    page, the growth record and the appraisal's basis."""
    found = evaluations(user).filter(subjects__cadre=cadre).order_by("-closes_at")
    if year is not None:
        found = found.filter(year=year)
    shown = []
    for evaluation in found[:10]:
        _t, res, _why = visible_results(evaluation)
        if res:
            for subject_result in res:
                if subject_result.subject.cadre_id == cadre.pk:
                    shown.append((evaluation, subject_result.headline))
    return shown


def headline_text(result: QuestionResult) -> str:
    """优秀 12 票（60%）、称职 8 票（40%）… — the counts as an office writes them."""
    from django.utils.translation import gettext as _

    parts = [
        _("%(label)s %(n)s 票（%(rate)s）") % {"label": o.label, "n": o.count, "rate": o.percent}
        for o in result.options
    ]
    return _("、").join(parts)


def cadres_by_ids(user, ids) -> list:
    """The cadres of `ids` the user may see, in the order asked (unknown ids left out)."""
    from qingmiao.cadres.models import Cadre

    ids = [i for i in ids if isinstance(i, int)]
    found = scoping.visible(user, Cadre).select_related("unit").in_bulk(ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def accounts_by_usernames(user, names) -> tuple[list, list[str]]:
    """Active accounts of the user's unit subtree with these user names (any case), and the
    names that match none."""
    from django.contrib.auth import get_user_model

    home = user.org_unit
    names = list(dict.fromkeys(n for n in names if n))[:500]
    if home is None or not names:
        return [], names
    match = Q()
    for n in names:
        match |= Q(username__iexact=n)
    accounts = {
        u.username.lower(): u
        for u in get_user_model().objects.filter(
            match, is_active=True, org_unit__path__startswith=home.path
        )
    }
    found = {n.lower(): accounts[n.lower()] for n in names if n.lower() in accounts}
    return list(found.values()), [n for n in names if n.lower() not in accounts]


def accounts_to_ask(user, names) -> list:
    """The accounts to ask by name, or a refusal on `users` naming those not found (the page
    and the API say the same)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    accounts, missing = accounts_by_usernames(user, names)
    if missing:
        raise ValidationError(
            {
                "users": _("找不到这些登录名（或不在本单位范围内）：%(names)s")
                % {"names": "、".join(missing)}
            }
        )
    return accounts
