"""The people and programs the cultivation demo works on, built once and handed to every area.

The demo district already holds 火星计划 (朝阳's camp) and the 成长营 (萧山's growth camp) from the
selection demo. Cultivation adds the two programs that have no selection of their own:
巴中's 新苗培优 for 1,139 newly hired cadres (they are added to the register: the district's own
recent hires are far fewer), and 曾都's 素质提升年 with its 50 cadres released full-time. Both
enrol their people as participants (an application in progress), like a camp's admitted.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from qingmiao.accounts.models import User
from qingmiao.accounts.roles import Role
from qingmiao.cadres import pinyin
from qingmiao.cadres.demo import bulk
from qingmiao.cadres.demo.registry import (
    _id_number,
    _name,
    post_title,
    set_demo_password,
)
from qingmiao.cadres.models import Cadre, CodeItem, CodeTable, OrgUnit, UnitType
from qingmiao.selection.models import Application, Program, ProgramKind, ProgramStatus, Stage

NEW_RECRUITS = 1139  # 巴中: every newly hired cadre of the year's intake, each with two mentors
# The district the default demo builds (seed_demo's --cadres). A smaller test district gets a
# proportionally smaller intake, so that tests building a demo of 30 cadres stay quick.
DEFAULT_DISTRICT = 2000
QUALITY_YEAR_CADRES = 50  # 曾都: released full-time to projects, enterprises and the grassroots
TODAY = date(2026, 11, 30)


def aware(d: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


@dataclass
class Cohorts:
    rng: random.Random
    admin: User
    root: OrgUnit
    mars: Program  # 火星计划
    growth: Program  # 萧山 成长营
    new_recruit: Program  # 巴中 新苗培优
    quality_year: Program  # 曾都 素质提升年
    recruits: list[Cadre]  # 巴中's 1,139, hired 2023–2026
    quality: list[Cadre]  # 曾都's 50
    demo_cadre: Cadre  # the `cadre` login's own record
    mentor_user: User  # the `mentor` login
    host_user: User  # the `host` login (a host enterprise's contact)
    extra: dict = field(default_factory=dict)  # what one area leaves for the next

    def participants(self, program: Program) -> list[Cadre]:
        """A program's cadres still in it (admitted and not eliminated), by id."""
        return list(
            Cadre.objects.filter(
                applications__program=program,
                applications__outcome__in=(
                    Application.Outcome.IN_PROGRESS,
                    Application.Outcome.GRADUATED,
                ),
            ).order_by("pk")
        )

    def stage(self, program: Program, order: int) -> Stage:
        return program.stages.get(order=order)


def _program(admin, root, name, kind, description, start, end) -> Program:
    return Program.objects.create(
        name=name,
        kind=kind,
        organizer=root,
        description=description,
        start_date=start,
        end_date=end,
        status=ProgramStatus.RUNNING,
        entry_mode="recommendation",
        created_by=admin,
    )


def _enrol(program: Program, cadres: list[Cadre], admin: User) -> None:
    bulk.insert(
        Application,
        [
            Application(
                program=program,
                cadre=c,
                mode=Application.Mode.RECOMMENDED,
                recommended_by=admin,
                status=Application.Status.ELIGIBLE,
                outcome=Application.Outcome.IN_PROGRESS,
            )
            for c in cadres
        ],
    )


def recruit_count(existing: int) -> int:
    """1,139 in the default district and any larger one; in proportion below it (at least 12)."""
    if existing >= DEFAULT_DISTRICT:
        return NEW_RECRUITS
    return max(12, existing * NEW_RECRUITS // DEFAULT_DISTRICT)


def _recruits(rng: random.Random, units: list[OrgUnit], count: int) -> list[Cadre]:
    """New hires: a third in each of the last three intakes (育苗, 扶苗, 壮苗 years)."""
    codes = {
        t: {c.code: c for c in CodeItem.objects.filter(table=t)}
        for t in (
            CodeTable.GENDER,
            CodeTable.ETHNICITY,
            CodeTable.POLITICAL,
            CodeTable.EDUCATION,
            CodeTable.RANK,
        )
    }
    numbers: set[str] = set()
    out = []
    intakes = [date(2024, 8, 1), date(2025, 8, 1), date(2026, 8, 1)]
    for i in range(count):
        hire = intakes[i % 3]
        edu = "14" if rng.random() < 0.45 else "21"
        born = date(
            hire.year - (25 if edu == "14" else 22) - rng.randint(0, 2),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        g = "1" if rng.random() < 0.5 else "2"
        unit = rng.choice(units)
        name = _name(rng)
        cadre = Cadre(
            name=name,
            name_pinyin=pinyin.full(name),
            name_initials=pinyin.initials(name),
            gender=codes[CodeTable.GENDER][g],
            ethnicity=codes[CodeTable.ETHNICITY]["01"],
            birth_date=born,
            native_place="巴州区" if rng.random() < 0.6 else "通江县",
            political_status=codes[CodeTable.POLITICAL]["01" if rng.random() < 0.5 else "03"],
            work_start_date=hire,
            hire_date=hire,
            fulltime_education=codes[CodeTable.EDUCATION][edu],
            unit=unit,
            post=post_title(unit, "R22", i),
            rank=codes[CodeTable.RANK]["R22" if hire.year == 2026 else "R21"],
            rank_date=hire,
        )
        cadre.id_number = _id_number(rng, "511902", born, g, numbers)
        out.append(cadre)
    bulk.insert(Cadre, out)
    return out


def build(seed: int) -> Cohorts:
    rng = random.Random(seed + 7)
    admin = User.objects.get(username="orgadmin")
    root = OrgUnit.objects.get(pk=admin.org_unit_id)
    mars = Program.objects.get(kind=ProgramKind.TRAINING_CAMP, status=ProgramStatus.RUNNING)
    growth = Program.objects.get(kind=ProgramKind.GROWTH_CAMP)
    new_recruit = _program(
        admin,
        root,
        "新苗培优计划（2024—2026）",
        ProgramKind.NEW_RECRUIT,
        "为每名新录用干部配备政治导师和业务导师，入职前三年分别为育苗年、扶苗年、壮苗年，"
        "一年跟着干、两年独立干、三年成骨干。",
        date(2024, 8, 1),
        date(2029, 7, 31),
    )
    quality_year = _program(
        admin,
        root,
        "干部素质提升年（2025）",
        ProgramKind.QUALITY_YEAR,
        "学·干·带·评闭环：50 名干部脱产到重点项目、企业服务和基层一线，"
        "区领导和部门负责人双导师帮带，考察组每月考察。",
        date(2025, 1, 1),
        date(2026, 12, 31),
    )
    grassroots = list(
        OrgUnit.objects.filter(
            unit_type__in=(UnitType.TOWN, UnitType.STREET, UnitType.PARTY_GOVT)
        ).exclude(depth=1)
    ) or list(OrgUnit.objects.exclude(depth=1))
    recruits = _recruits(rng, grassroots, recruit_count(Cadre.objects.count()))
    _enrol(new_recruit, recruits, admin)
    young = list(
        Cadre.objects.filter(birth_date__year__gte=1988, birth_date__year__lte=1996, user=None)
        .exclude(pk__in=[c.pk for c in recruits])
        .order_by("pk")
    )
    # The `cadre` login is one of the 50 (the selections eliminated them), so that they have
    # mentors, logs and follow-ups of their own on the phone pages.
    demo_cadre = Cadre.objects.get(user__username="cadre")
    quality = [*rng.sample(young, min(QUALITY_YEAR_CADRES - 1, len(young))), demo_cadre]
    quality.sort(key=lambda c: c.pk)
    _enrol(quality_year, quality, admin)
    host = User(username="host", full_name="冯经理", role=Role.HOST, org_unit=None)
    set_demo_password(host)
    host.save()
    return Cohorts(
        rng=rng,
        admin=admin,
        root=root,
        mars=mars,
        growth=growth,
        new_recruit=new_recruit,
        quality_year=quality_year,
        recruits=recruits,
        quality=quality,
        demo_cadre=demo_cadre,
        mentor_user=User.objects.get(username="mentor"),
        host_user=host,
    )
