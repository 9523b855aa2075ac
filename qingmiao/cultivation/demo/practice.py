"""The practice part of the cultivation demo: the seeds' assignments in their real numbers.

- 兰州新区: 2 secondments to developed regions, 3 secondments to towns, 45 village postings,
  10 investment posts in Beijing, Shanghai and Shenzhen (no program: the district's own).
- 萧山 成长营: 56 cadres embedded in enterprises (助企陪跑), part-time.
- 巴中 新苗培优: 520 new recruits sent to front-line projects and villages, led by mentors.
- 曾都 素质提升年: the 50 released full-time to key projects, enterprise service and the
  grassroots, with monthly reports, and host evaluations for those near or past the end.
- The `host` login hosts five of 曾都's cadres: three under way, one finished and awaiting
  evaluation, one evaluated. The `cadre` login has a part-time task-force assignment under
  way whose report for this month is still owed.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres.demo import bulk
from qingmiao.cadres.models import Cadre, OrgUnit, UnitType

from ..models import HostEvaluation, PracticeAssignment, PracticeReport
from .cohorts import aware

Kind = PracticeAssignment.Kind
Status = PracticeAssignment.Status
FRONTLINE_RECRUITS = 520

DEVELOPED = [
    ("上海市浦东新区商务委员会", "上海", "副主任"),
    ("深圳市南山区发展和改革局", "深圳", "副局长"),
]
INVESTMENT = [("北京", 4, "新区驻北京招商联络处"), ("上海", 3, "新区驻上海招商联络处"),
              ("深圳", 3, "新区驻深圳招商联络处")]  # fmt: skip
ENTERPRISES = [
    "杭州海康智联科技有限公司", "萧山生物医药产业园运营有限公司", "浙江新材科技股份有限公司",
    "杭州芯动物联网有限公司", "萧山机器人小镇企业服务中心", "杭州康盛医疗器械有限公司",
    "浙江恒远化纤集团有限公司", "杭州钱塘智造装备有限公司",
]  # fmt: skip
ZENGDU_HOSTS = [
    (Kind.FRONTLINE_PROJECT, "曾都经济开发区重点项目指挥部", "项目专班副指挥长"),
    (Kind.ENTERPRISE_COMPANION, "随州齐星专用汽车有限公司", "企业服务专员"),
    (Kind.VILLAGE, "何店镇", "驻村工作队员"),
    (Kind.TASK_FORCE, "招商引资工作专班", "专班成员"),
]
GRADES = ["excellent", "competent", "competent", "excellent", "basic"]

_counts: dict = {}


def _row(cadre, kind, host_name, place, start, end, **kw) -> PracticeAssignment:
    return PracticeAssignment(
        cadre=cadre,
        kind=kind,
        host_name=host_name,
        place=place,
        start_date=start,
        end_date=end,
        full_time=kw.pop("full_time", True),
        status=kw.pop("status", ""),
        **kw,
    )


def _settle(rows: list[PracticeAssignment], today: date) -> None:
    from ..practice_rules import status_on

    for row in rows:
        row.status = row.status or status_on(row.start_date, row.end_date, today)


def _lanzhou(ctx, pool, towns, villages, admin) -> list[PracticeAssignment]:
    rows = []
    for host, place, post in DEVELOPED:
        rows.append(
            _row(
                None,
                Kind.SECONDMENT,
                host,
                place,
                date(2026, 3, 1),
                date(2027, 2, 28),
                post=post,
                goals="学习发达地区招商引资和营商环境建设经验，对接产业转移项目。",
                created_by=admin,
            )
        )
    for i in range(3):
        town = towns[i % len(towns)]
        rows.append(
            _row(
                None,
                Kind.SECONDMENT,
                town.name,
                town.name,
                date(2026, 1, 5),
                date(2026, 12, 31),
                host_unit=town,
                post="党委副书记（挂职）",
                goals="到乡镇一线熟悉基层治理，协助抓好重点项目落地。",
                created_by=admin,
            )
        )
    for i in range(45):
        village = villages[i % len(villages)]
        start = date(2025, 3, 1) if i < 15 else date(2026, 3, 1)
        rows.append(
            _row(
                None,
                Kind.VILLAGE,
                village.name,
                village.name,
                start,
                start + timedelta(days=729),
                host_unit=village,
                post="驻村第一书记" if i % 3 == 0 else "驻村工作队员",
                goals="抓党建促乡村振兴，发展村集体经济。",
                created_by=admin,
            )
        )
    for city, n, host in INVESTMENT:
        for _i in range(n):
            rows.append(
                _row(
                    None,
                    Kind.INVESTMENT_POST,
                    host,
                    city,
                    date(2026, 4, 1),
                    date(2027, 3, 31),
                    post="驻点招商专员",
                    goals="紧盯目标企业，每月拜访不少于 8 家，促成项目落户新区。",
                    created_by=admin,
                )
            )
    # A small demo district has fewer cadres than postings: as many as there are.
    for row, cadre in zip(rows, pool, strict=False):
        row.cadre = cadre
    return rows[: len(pool)]


def _growth(ctx, admin) -> list[PracticeAssignment]:
    people = ctx.participants(ctx.growth)[:56]
    return [
        _row(
            c,
            Kind.ENTERPRISE_COMPANION,
            ENTERPRISES[i % len(ENTERPRISES)],
            "杭州市萧山区",
            date(2026, 5, 1),
            date(2026, 12, 31),
            program=ctx.growth,
            full_time=False,
            post="助企服务专员",
            goals="每周驻企一天，帮助企业解决用工、融资、审批中的难题。",
            created_by=admin,
        )
        for i, c in enumerate(people)
    ]


def _recruits(ctx, villages, admin) -> list[PracticeAssignment]:
    rows = []
    for i, c in enumerate(ctx.recruits[:FRONTLINE_RECRUITS]):
        # Each intake goes in its first year: the 2024 hires have finished, 2025's are under way.
        start = date(c.hire_date.year, 9, 1)
        village = villages[i % len(villages)]
        kind = Kind.FRONTLINE_PROJECT if i % 2 else Kind.VILLAGE
        rows.append(
            _row(
                c,
                kind,
                "重点项目一线" if kind == Kind.FRONTLINE_PROJECT else village.name,
                village.name,
                start,
                start + timedelta(days=364),
                program=ctx.new_recruit,
                host_unit=village,
                post="项目一线锻炼" if kind == Kind.FRONTLINE_PROJECT else "驻村锻炼",
                goals="在导师带领下到一线跟着干，熟悉群众工作和项目推进。",
                created_by=admin,
            )
        )
    return rows


def _hosts(ctx) -> list[User]:
    """The `host` login and three more host contacts for 曾都's other hosts."""
    names = [("host_kfq", "刘主任"), ("host_qixing", "何经理"), ("host_hedian", "黄书记")]
    others = [User(username=u, full_name=n, role=Role.HOST) for u, n in names]
    for user in others:
        user.set_unusable_password()
    User.objects.bulk_create(others)
    return [ctx.host_user, *User.objects.filter(username__in=[u for u, _ in names])]


def _zengdu(ctx, hosts, admin) -> list[PracticeAssignment]:
    rows = []
    for i, c in enumerate(ctx.quality):
        kind, host, post = ZENGDU_HOSTS[i % len(ZENGDU_HOSTS)]
        contact = hosts[1 + i % 3]
        # Half went back in October after their rotation; the rest serve to the year's end.
        start, end = date(2025, 3, 1), date(2026, 10, 31) if i % 2 else date(2026, 12, 31)
        if i < 5:  # the `host` login's five
            contact, host, kind, post = (
                hosts[0],
                "随州曾都智能装备产业园",
                Kind.FRONTLINE_PROJECT,
                "项目服务专员",
            )
            end = [date(2027, 6, 30)] * 3 + [date(2026, 11, 20), date(2026, 10, 31)]
            end = end[i]
        rows.append(
            _row(
                c,
                kind,
                host,
                "随州市曾都区",
                start,
                end,
                program=ctx.quality_year,
                post=post,
                host_contact=contact,
                created_by=admin,
                goals="脱产到一线，学·干·带·评闭环，每月报送工作情况。",
            )
        )
    return rows


def _reports(ctx, rows: list[PracticeAssignment], today: date) -> list[PracticeReport]:
    """Monthly reports for 曾都's 50 (the last four months, a few skipped) and the village
    postings of 兰州新区 (the last two), none yet for the current month."""
    out = []
    months = []
    y, m = today.year, today.month
    for _i in range(4):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        months.append(f"{y:04d}-{m:02d}")
    rng = ctx.rng
    for a in rows:
        if a.program_id == ctx.quality_year.pk:
            wanted = months
        elif a.kind == Kind.VILLAGE and a.program_id is None:
            wanted = months[:2]
        else:
            continue
        for period in wanted:
            if a.start_date > date(int(period[:4]), int(period[5:]), 28) or rng.random() < 0.15:
                continue
            out.append(
                PracticeReport(assignment=a, period=period, content=rng.choice(REPORT_TEXTS))
            )
    return out


REPORT_TEXTS = [
    "本月走访企业 9 家，收集用地、用工问题 5 个，已协调解决 3 个。",
    "参与项目调度会 4 次，推动项目手续办理，厂房主体封顶。",
    "入户走访 36 户，协调解决饮水管网维修问题，组织党员活动 1 次。",
    "对接目标企业 8 家，其中 2 家已来区考察，1 家进入签约洽谈。",
    "协助企业申报技改补助，梳理政策清单 12 条，帮助对接银行授信。",
]


def build(ctx) -> dict:
    today = timezone.localdate()
    admin = ctx.admin
    towns = list(OrgUnit.objects.filter(unit_type=UnitType.TOWN).order_by("path"))
    villages = list(OrgUnit.objects.filter(unit_type=UnitType.VILLAGE).order_by("path"))
    villages = villages or towns or [ctx.root]
    towns = towns or villages
    busy = {c.pk for c in (*ctx.recruits, *ctx.quality)} | {ctx.demo_cadre.pk}
    pool = [
        c
        for c in Cadre.objects.filter(user=None, birth_date__year__gte=1986).order_by("pk")
        if c.pk not in busy
    ]
    ctx.rng.shuffle(pool)
    hosts = _hosts(ctx)
    rows = [
        *_lanzhou(ctx, pool, towns, villages, admin),
        *_growth(ctx, admin),
        *_recruits(ctx, villages, admin),
        *_zengdu(ctx, hosts, admin),
    ]
    rows.append(
        _row(
            ctx.demo_cadre,
            Kind.TASK_FORCE,
            "重点产业招商工作专班",
            "区投资促进中心",
            today.replace(day=1) - timedelta(days=60),
            today + timedelta(days=120),
            full_time=False,
            post="专班联络员",
            created_by=admin,
            goals="跟进 3 个在谈项目，每月报送进展。",
        )
    )
    _settle(rows, today)
    bulk.insert(PracticeAssignment, rows)
    reports = _reports(ctx, rows, today)
    bulk.insert(PracticeReport, reports)
    # Reports are dated a few days after their month, as they were written.
    for period in {r.period for r in reports}:
        y, m = int(period[:4]), int(period[5:])
        first = date(y + (m == 12), 1 if m == 12 else m + 1, 3)
        PracticeReport.objects.filter(period=period, assignment__in=rows).update(
            submitted_at=aware(first, 17)
        )
    evaluations = []
    for i, a in enumerate(rows):
        if not a.host_contact_id:
            continue
        evaluable = a.end_date <= today + timedelta(days=30)
        awaiting = a.host_contact_id == ctx.host_user.pk and a.end_date == date(2026, 11, 20)
        if evaluable and not awaiting and (a.host_contact_id == ctx.host_user.pk or i % 3 != 2):
            evaluations.append(
                HostEvaluation(
                    assignment=a,
                    grade=GRADES[i % len(GRADES)],
                    evaluator_id=a.host_contact_id,
                    strengths="吃苦耐劳，协调能力强，能独立推进项目手续办理。",
                    improvements="政策理论学习还需加强，注意总结提炼经验。",
                )
            )
    bulk.insert(HostEvaluation, evaluations)
    ctx.extra["practice_assignments"] = rows
    in_program = {}
    for a in rows:
        in_program[a.program_id] = in_program.get(a.program_id, 0) + 1
    _counts.update(
        total=len(rows), reports=len(reports), evaluations=len(evaluations),
        developed=len(DEVELOPED), villages=45, investment=sum(n for _c, n, _h in INVESTMENT),
        growth=in_program.get(ctx.growth.pk, 0), recruits=in_program.get(ctx.new_recruit.pk, 0),
        quality=in_program.get(ctx.quality_year.pk, 0),
    )  # fmt: skip
    return dict(_counts)


def summary() -> list[str]:
    if not _counts:
        return []
    return [
        _(
            "实践锻炼：共 %(total)s 人次；兰州新区派往发达地区挂职 %(developed)s 人、"
            "乡镇挂职 3 人、驻村 %(villages)s 人、驻点招商 %(investment)s 人；"
            "萧山助企陪跑 %(growth)s 人；"
            "巴中新录用干部到一线 %(recruits)s 人；曾都脱产一线 %(quality)s 人；"
            "锻炼报告 %(reports)s 份，接收方评价 %(evaluations)s 份。"
        )
        % _counts,
        _("接收方联系人 host 在“我的挂职人员”中有 5 名挂职人员，其中 1 名已期满待评价。"),
    ]
