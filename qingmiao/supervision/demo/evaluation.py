"""Demo data of 管 · democratic evaluation (民主测评) with anonymous ballot
slips, annual appraisal (年度考核) with the 优秀 quota.

- A closed evaluation of ten of 曾都's 50 frontline cadres by their colleagues and the host
  enterprises, with its ballots cast through the voting service (results published).
- An open one with unused slips; their codes are derived from the seed, so the first of them
  can be printed in the README for a newcomer to vote with; the `officer` login is asked by
  name and can draw a slip.
- Annual appraisal: 2025 grades for every unit within its 优秀 quota, confirmed and on the
  record; 2026 grades proposed by the commerce bureau's officer, waiting for confirmation.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import timezone

from qingmiao.cadres.models import Appraisal, Cadre, OrgUnit
from qingmiao.selection.models import Application, ProgramKind

from .. import appraisal_quota, ballots
from ..models import AppraisalProposal, BallotSlip, Evaluation
from ..services import appraisal as appraisal_services
from ..services import evaluation as services

CLOSED_TITLE = "素质提升年 2026 年度民主测评（第一批）"
OPEN_TITLE = "驻企干部 2026 年度民主测评（服务对象）"
_summary: list[str] = []


def _aware(d: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


def demo_code(seed: int, which: str, i: int) -> str:
    """The demo's slip codes: fixed by the seed, so the README can name one."""
    return ballots.derived_code(f"{seed}:{which}:{i}")


def _slips(evaluation, seed: int, which: str, voter_type: str, start: int, count: int) -> list[str]:
    codes = [demo_code(seed, which, start + i) for i in range(count)]
    BallotSlip.objects.bulk_create(
        BallotSlip(evaluation=evaluation, voter_type=voter_type, code_hash=ballots.code_hash(c))
        for c in codes
    )
    return codes


def _quality_cadres() -> list[Cadre]:
    found = list(
        Cadre.objects.filter(
            applications__program__kind=ProgramKind.QUALITY_YEAR,
            applications__outcome=Application.Outcome.IN_PROGRESS,
        )
        .distinct()
        .order_by("pk")
    )
    return found or list(Cadre.objects.filter(is_active=True).order_by("pk")[:20])


def _grade(rng: random.Random, strength: float) -> str:
    """A voter's grade for a cadre of a given strength (0–1): stronger, more 优秀."""
    roll = rng.random()
    if roll < 0.15 + 0.6 * strength:
        return "excellent"
    if roll < 0.93:
        return "competent"
    return "basically" if roll < 0.99 else "incompetent"


def build(ctx) -> dict:
    seed = ctx["seed"]
    rng = random.Random(f"{seed}:supervision:evaluation")
    User = get_user_model()
    admin = User.objects.get(username="orgadmin")
    root = OrgUnit.objects.filter(depth=1).order_by("path").first()
    quality = _quality_cadres()
    demo_cadre = Cadre.objects.filter(user__username="cadre").first()
    subjects = quality[:10]
    if demo_cadre is not None and demo_cadre not in subjects:
        subjects = [demo_cadre, *subjects[:9]]
    today = date(2026, 11, 30)

    # 1. The closed evaluation: 30 slips to colleagues, 12 to host enterprises; 27 + 11 back.
    closed = services.evaluation_create(
        actor=admin,
        data={
            "title": CLOSED_TITLE,
            "unit": root,
            "year": 2026,
            "subjects": subjects,
            "voter_types": ["colleague", "served"],
            "opens_at": _aware(date(2026, 11, 10), 9),
            "closes_at": _aware(date(2099, 12, 31), 18),  # set to its real end below
        },
    )
    strength = {c.pk: rng.random() for c in subjects}
    used = _slips(closed, seed, "closed", "colleague", 0, 30)[:27]
    used += _slips(closed, seed, "closed", "served", 30, 12)[:11]
    for code in used:
        answers = {
            services.answer_key(s.pk, q.pk): _grade(rng, strength[s.cadre_id])
            for s in closed.subjects.all()
            for q in closed.questions.all()
        }
        services.ballot_cast(code=code, answers=answers, client="demo", evaluation_id=closed.pk)
    Evaluation.objects.filter(pk=closed.pk).update(
        closes_at=_aware(date(2026, 11, 12), 18), closed_at=_aware(date(2026, 11, 12), 18)
    )
    closed.ballots.update(cast_on=date(2026, 11, 11))

    # 2. The open one: host enterprises evaluate five seconded cadres; 20 slips, 4 used.
    open_subjects = quality[10:15] or subjects[:5]
    opened = services.evaluation_create(
        actor=admin,
        data={
            "title": OPEN_TITLE,
            "unit": root,
            "year": 2026,
            "subjects": open_subjects,
            "voter_types": ["served", "colleague"],
            "opens_at": _aware(date(2026, 11, 25), 8, 30),
            "closes_at": _aware(date(2027, 12, 31), 18),
        },
    )
    codes = _slips(opened, seed, "open", "served", 0, 20)
    for code in codes[16:]:
        answers = {
            services.answer_key(s.pk, q.pk): _grade(rng, 0.5)
            for s in opened.subjects.all()
            for q in opened.questions.all()
        }
        services.ballot_cast(code=code, answers=answers, client="demo", evaluation_id=opened.pk)
    opened.ballots.update(cast_on=today)
    officer = User.objects.filter(username="officer").first()
    if officer is not None:
        services.recipients_send(
            actor=admin, evaluation=opened, users=[officer], voter_type="colleague"
        )

    # 3. Annual appraisal 2025, within each unit's quota, confirmed and on the record.
    graded_2025 = _appraisal_2025(rng, admin)
    # 4. 2026, proposed by the commerce bureau's officer and waiting for confirmation.
    pending = _appraisal_2026(rng, officer)

    _summary[:] = [
        f"民主测评：已结束 1 次（{len(subjects)} 名测评对象，收回 {len(used)} / 42 张），"
        f"进行中 1 次（未用测评票 16 张）。",
        f"  可用的测评码：{codes[0]}（打开 /supervision/vote/ 输入）",
        f"年度考核：2025 年度 {graded_2025} 人已确认；区商务局 2026 年度 {pending} 人待确认。",
    ]
    return {
        "evaluations": 2,
        "ballots": len(used) + 4,
        "appraisals_2025": graded_2025,
        "proposals_2026": pending,
    }


def _appraisal_2025(rng: random.Random, admin) -> int:
    by_unit: dict[int, list[Cadre]] = defaultdict(list)
    for cadre in (
        Cadre.objects.filter(is_active=True).order_by("pk").only("pk", "unit_id", "hire_date")
    ):
        by_unit[cadre.unit_id].append(cadre)
    percent = appraisal_quota.DEFAULT_PERCENT
    confirmed_at = _aware(date(2026, 1, 20), 10)
    proposals, records = [], []
    for unit_id, members in sorted(by_unit.items()):
        # Hired in 2025 or later: less than a year of service, no grade (不确定等次).
        graded = [c for c in members if c.hire_date is None or c.hire_date.year < 2025]
        unrated = [c for c in members if c not in graded]
        places = appraisal_quota.quota(len(graded), percent)
        order = graded[:]
        rng.shuffle(order)
        grades = {c.pk: "competent" for c in graded}
        for c in order[:places]:
            grades[c.pk] = "excellent"
        for c in order[places : places + (1 if len(order) > 15 else 0)]:
            grades[c.pk] = "basically"
        grades.update({c.pk: "unrated" for c in unrated})
        for cadre_id, grade in grades.items():
            proposals.append(
                AppraisalProposal(
                    cadre_id=cadre_id,
                    year=2025,
                    unit_id=unit_id,
                    grade=grade,
                    status=AppraisalProposal.Status.CONFIRMED,
                    proposed_by=admin,
                    confirmed_by=admin,
                    confirmed_at=confirmed_at,
                )
            )
            records.append(Appraisal(cadre_id=cadre_id, year=2025, result=grade))
    # The register's 2025 grades are replaced by the confirmed ones, as confirmation does.
    Appraisal.objects.filter(year=2025, cadre_id__in=[r.cadre_id for r in records]).delete()
    Appraisal.objects.bulk_create(records, batch_size=1000)
    AppraisalProposal.objects.bulk_create(proposals, batch_size=1000)
    return len(proposals)


def _appraisal_2026(rng: random.Random, officer) -> int:
    if officer is None or officer.org_unit is None:
        return 0
    members = list(
        Cadre.objects.filter(unit=officer.org_unit, is_active=True).order_by("name_pinyin", "pk")
    )
    graded = [c for c in members if c.hire_date is None or c.hire_date.year < 2026]
    places = appraisal_quota.quota(len(graded), appraisal_quota.DEFAULT_PERCENT)
    order = graded[:]
    rng.shuffle(order)
    excellent = {c.pk for c in order[:places]}
    rows = [
        {
            "cadre": c,
            "grade": "excellent"
            if c.pk in excellent
            else ("competent" if c in graded else "unrated"),
            "note": "",
        }
        for c in members
    ]
    if not rows:
        return 0
    return appraisal_services.appraisals_propose(actor=officer, year=2026, rows=rows)


def summary() -> list[str]:
    return list(_summary)
