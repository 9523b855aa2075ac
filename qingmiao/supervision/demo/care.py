"""Demo data of 管 · care (关心关爱), deterministic from the seed.

- The rules: 青禾区 (the demo district, not in the national code table) and 巴州区 (where most
  of 巴中's recruits come from) count as local; the remote towns are marked on the unit tree.
- Flags derived over everyone (the register and the recruits were bulk-inserted).
- 兰州新区 solved 340+ separated-family cases in a new district of some ten thousand public
  staff; at the demo's 2,000 cadres that is about 36 cases: most solved, a few still followed up
  (two of them overdue), two found unsolvable.
- 巴中 watches over its non-local and remote-township recruits: heart-to-heart talks,
  counseling, help with housing and schooling, some still open and one overdue.
"""

import random
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.cadres.models import Cadre
from qingmiao.cultivation.demo.cohorts import DEFAULT_DISTRICT, TODAY
from qingmiao.selection.models import Application, ProgramKind

from ..models import CareCase, CareFlag, CareFollowUp, CareKind, CareRules, CareStatus, FlagKind
from ..services.care_flags import flags_refresh

SEPARATION_AT_2000 = 36  # 兰州新区's 340+ at roughly a tenth of its size
_counts: dict = {}

# (kind, summary, notes, first step, outcome's account) per kind of 巴中's care.
RECRUIT_CARE = {
    CareKind.TALK: (
        "入职谈心谈话",
        "远离家乡，初到基层，生活和工作节奏需要适应。",
        "开展入职谈心谈话，了解思想和生活情况",
        "谈心谈话已开展，本人表示已适应岗位，将定期回访。",
    ),
    CareKind.COUNSELING: (
        "工作压力较大，安排心理疏导",
        "连续驻村，与家人联系较少，情绪低落。",
        "联系心理咨询师开展一对一疏导",
        "已开展三次疏导，情绪明显好转。",
    ),
    CareKind.HOUSING: (
        "协调周转住房",
        "在乡镇工作，租房困难，往返县城通勤时间长。",
        "与乡镇协调周转房",
        "已安排乡镇周转房一间。",
    ),
    CareKind.SCHOOLING: (
        "子女入学协调",
        "子女随迁，需就近入读小学。",
        "与区教育局对接入学事宜",
        "子女已在就近小学入学。",
    ),
}
# How many of each at 2,000 cadres: (solved, ongoing, unsolvable).
RECRUIT_PLAN = {
    CareKind.TALK: (20, 4, 0),
    CareKind.COUNSELING: (4, 2, 0),
    CareKind.HOUSING: (6, 1, 1),
    CareKind.SCHOOLING: (4, 1, 0),
}


def _scaled(n: int, cadres: int) -> int:
    return max(1 if n else 0, round(n * cadres / DEFAULT_DISTRICT))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def build(ctx) -> dict:
    rng = random.Random(ctx["seed"] + 88)
    CareRules.objects.update_or_create(
        pk=1, defaults={"local_places": "青禾区\n巴州区", "recent_years": 3}
    )
    flagged = flags_refresh(today=TODAY)
    admin = User.objects.get(username="orgadmin")
    officer = User.objects.get(username="officer")
    recruit_ids = set(
        Application.objects.filter(program__kind=ProgramKind.NEW_RECRUIT).values_list(
            "cadre_id", flat=True
        )
    )
    # The district's own register (the recruits were added to it by the cultivation demo).
    district = min(Cadre.objects.count() - len(recruit_ids), DEFAULT_DISTRICT)
    register = [c for c in _with_flag(FlagKind.SEPARATED_FAMILY) if c.pk not in recruit_ids]
    n_sep = _scaled(SEPARATION_AT_2000, district)
    if len(register) < n_sep:  # a small district: others reported it themselves
        more = Cadre.objects.exclude(pk__in=[c.pk for c in register] + list(recruit_ids))
        extra = list(more.select_related("unit").order_by("pk")[: n_sep - len(register)])
        CareFlag.objects.bulk_create(
            CareFlag(
                cadre=c,
                kind=FlagKind.SEPARATED_FAMILY,
                source=CareFlag.Source.MANUAL,
                basis="本人反映配偶在外地工作",
                set_by=admin,
            )
            for c in extra
        )
        register += extra
    separated = rng.sample(register, n_sep)
    plan = []
    unsolvable, overdue, ongoing = 2, 2, 3
    for i, cadre in enumerate(separated):
        status = (
            CareStatus.UNSOLVABLE
            if i < unsolvable
            else CareStatus.ONGOING
            if i < unsolvable + overdue + ongoing
            else CareStatus.SOLVED
        )
        late = unsolvable <= i < unsolvable + overdue
        plan.append(
            (
                cadre,
                CareKind.SEPARATION,
                (
                    "夫妻两地分居，协调配偶工作调动",
                    "配偶在外地工作，子女随祖父母生活，本人多次反映。",
                    "与配偶所在单位和人社部门沟通调动事宜",
                    "配偶已调入新区单位工作。"
                    if status == CareStatus.SOLVED
                    else "配偶单位不同意调出，暂无法解决，继续关注。",
                ),
                status,
                late,
                admin,
            )
        )
    far = [c for c in _with_flag(FlagKind.FAR_FROM_HOME) if c.pk in recruit_ids]
    remote = [c for c in _with_flag(FlagKind.REMOTE_TOWNSHIP) if c.pk in recruit_ids]
    pool = sorted({c.pk: c for c in far + remote}.values(), key=lambda c: c.pk)
    first_overdue = True
    for kind, (solved, open_, cant) in RECRUIT_PLAN.items():
        counts = [_scaled(n, district) for n in (solved, open_, cant)]
        statuses = (
            [CareStatus.SOLVED] * counts[0]
            + [CareStatus.ONGOING] * counts[1]
            + [CareStatus.UNSOLVABLE] * counts[2]
        )
        for status in statuses:
            if not pool:
                break
            cadre = pool.pop(rng.randrange(len(pool)))
            late = status == CareStatus.ONGOING and first_overdue
            first_overdue = first_overdue and not late
            owner = officer if cadre.unit.path.startswith(officer.org_unit.path) else admin
            plan.append((cadre, kind, RECRUIT_CARE[kind], status, late, owner))
    made = _write(rng, plan, admin)
    _counts.update(
        flags=CareFlag.objects.count(),
        far=CareFlag.objects.filter(kind=FlagKind.FAR_FROM_HOME).count(),
        remote=CareFlag.objects.filter(
            kind=FlagKind.REMOTE_TOWNSHIP, cadre_id__in=recruit_ids
        ).count(),
        separated=n_sep,
        separated_solved=sum(1 for p in plan[:n_sep] if p[3] == CareStatus.SOLVED),
        recruit_cases=len(plan) - n_sep,
        overdue=CareCase.objects.filter(status=CareStatus.ONGOING, next_due__lt=TODAY).count(),
    )
    return {"flags_added": flagged["added"], "cases": made}


def _with_flag(kind: str) -> list[Cadre]:
    return list(
        Cadre.objects.filter(Exists(CareFlag.objects.filter(cadre_id=OuterRef("pk"), kind=kind)))
        .select_related("unit")
        .order_by("pk")
    )


def _write(rng: random.Random, plan, admin) -> int:
    cases = []
    steps = []
    for cadre, kind, (summary, notes, first, account), status, late, owner in plan:
        opened = _day(rng, date(2025, 3, 1), TODAY - timedelta(days=60))
        case = CareCase(
            cadre=cadre,
            kind=kind,
            summary=summary,
            notes=notes,
            owner=owner,
            status=status,
            opened_on=opened,
            created_by=admin,
        )
        first_due = opened + timedelta(days=rng.choice([14, 21, 30]))
        if status == CareStatus.ONGOING:
            done = first_due - timedelta(days=rng.randint(0, 5))
            nxt = (
                TODAY - timedelta(days=rng.randint(3, 12))
                if late
                else TODAY + timedelta(days=rng.randint(3, 40))
            )
            case.next_due = nxt
            steps.append((case, first_due, first, CareStatus.ONGOING, "已沟通，正在办理。", done))
            steps.append((case, nxt, _("跟进办理进展"), "", "", None))
        else:
            done = min(first_due + timedelta(days=rng.randint(10, 90)), TODAY - timedelta(days=1))
            case.closed_on = done
            steps.append((case, first_due, first, status, account, done))
        cases.append(case)
    CareCase.objects.bulk_create(cases)
    CareFollowUp.objects.bulk_create(
        CareFollowUp(
            case=case,
            due_on=due,
            plan=plan_text,
            outcome=outcome,
            result=result,
            done_on=done,
            done_by=case.owner if done else None,
        )
        for case, due, plan_text, outcome, result, done in steps
    )
    return len(cases)


def summary() -> list[str]:
    if not _counts:
        return []
    return [
        _(
            "关心关爱：兰州新区夫妻两地分居 %(separated)s 件（已解决 %(separated_solved)s 件，"
            "按新区 340 余件的规模折算）；巴中新录用干部中远离家乡 %(far)s 人、在偏远乡镇 "
            "%(remote)s 人，关爱措施 %(recruit_cases)s 件；已逾期的跟进 %(overdue)s 件。"
        )
        % _counts,
    ]
