"""The attendance part of the cultivation demo.

- 火星计划's 通识培训: 30 sessions of 3 or 4 hours (106 hours in all) between May and August
  2026 for the 158 admitted. Most attend nearly everything; 20 missed several sessions and
  stay under the stage's 100 hours, so the cut (75 advance) is confirmed here, after the
  attendance, through the real gate: the short ones are passed over and the next eligible
  advance. Three of them have a make-up pending.
- 兰州新区's 大讲堂: 15 sessions, 1,237 person-times in all, several rated by at least three
  attendees; one requirement of 40 hours a year for the district's young cadres.
- The `cadre` login: an evening class today with sign-in open, lecture-hall hours toward the
  year's requirement, and the latest lecture awaiting their rating.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from qingmiao.cadres.demo import bulk
from qingmiao.cadres.models import Cadre
from qingmiao.selection import services as selection_services
from qingmiao.selection.models import Stage

from .. import hours
from ..models import (
    Attendance,
    Course,
    FeedbackReceipt,
    HourRequirement,
    MakeUpRequest,
    Session,
    SessionFeedback,
    Topic,
)

GENERAL_COURSES = [
    "数字经济与产业变革",
    "现代产业体系建设",
    "招商引资实务",
    "营商环境优化",
    "企业经营管理基础",
    "资本市场与产业金融",
    "科技创新与成果转化",
    "城市更新与功能区建设",
    "国际会展与商务服务",
    "产业政策研读",
    "调查研究方法",
    "政务礼仪与沟通表达",
]
SHORT_OF_HOURS = 20  # of the 158: missed enough sessions to stay under 100 hours
LECTURE_HALL_SESSIONS = 15
LECTURE_HALL_PERSON_TIMES = 1237
_summary: list[str] = []


def _at(d: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


def _topic(ctx, name: str, description: str) -> Topic:
    topic, _created = Topic.objects.get_or_create(
        organizer=ctx.root, name=name, defaults={"description": description}
    )
    return topic


def _mars_sessions(ctx) -> list[Session]:
    topic = _topic(ctx, "通识培训", "火星计划入营后的通识培训，100 学时")
    courses = [
        Course.objects.create(organizer=ctx.root, topic=topic, title=t, credit_hours=4)
        for t in GENERAL_COURSES
    ]
    for c in courses:
        c.programs.add(ctx.mars)
    sessions = []
    day = date(2026, 5, 9)  # Saturdays, May to August
    for i in range(30):
        length = 4 if i % 15 < 8 else 3  # 16 of 4 hours, 14 of 3: 106 hours
        start = _at(day, 9 if length == 4 else 14)
        sessions.append(
            Session(
                organizer=ctx.root,
                course=courses[i % len(courses)],
                title="",
                starts_at=start,
                ends_at=start + timedelta(hours=length),
                mode=Session.Mode.CLASSROOM if i % 5 else Session.Mode.ONSITE,
                place="区委党校报告厅" if i % 5 else "区内重点企业",
                credit_hours=Decimal(length),
                status=Session.Status.HELD,
                created_by=ctx.admin,
            )
        )
        day += timedelta(days=4 if i % 2 == 0 else 3)
    bulk.insert(Session, sessions)
    Session.programs.through.objects.bulk_create(
        Session.programs.through(session_id=s.pk, program_id=ctx.mars.pk) for s in sessions
    )
    return sessions


def _mark(session: Session, cadre_id: int, status: str, late=0, early=0, **extra) -> Attendance:
    a = Attendance(
        session=session,
        cadre_id=cadre_id,
        status=status,
        minutes_late=late,
        minutes_early=early,
        method=extra.pop("method", Attendance.Method.ROSTER),
        **extra,
    )
    a.credited_hours = hours.for_attendance(a, session)
    return a


def _mars(ctx) -> dict:
    general = Stage.objects.get(program=ctx.mars, order=2)
    sessions = _mars_sessions(ctx)
    trainees = [e.application.cadre_id for e in general.entries.select_related("application")]
    rng = ctx.rng
    short = set(rng.sample(trainees, min(SHORT_OF_HOURS, len(trainees))))
    rows = []
    for cadre_id in trainees:
        if cadre_id in short:
            missed = set(rng.sample(range(len(sessions)), rng.randint(3, 6)))
        else:  # at most one 3-hour session missed: 103 hours or more
            three = [i for i, s in enumerate(sessions) if s.credit_hours == 3]
            missed = {rng.choice(three)} if rng.random() < 0.3 else set()
        late_once = None if missed or rng.random() < 0.7 else rng.randrange(len(sessions))
        for i, s in enumerate(sessions):
            if i in missed:
                status = (
                    Attendance.Status.EXCUSED if rng.random() < 0.5 else Attendance.Status.ABSENT
                )
                rows.append(_mark(s, cadre_id, status))
            elif i == late_once:
                rows.append(_mark(s, cadre_id, Attendance.Status.LATE, late=20))
            else:
                rows.append(_mark(s, cadre_id, Attendance.Status.PRESENT))
    bulk.insert(Attendance, rows)
    # Three of the short ones asked to make up a session they missed; staff have not decided.
    missed_rows = [r for r in rows if r.cadre_id in short and r.status != "present"]
    asked, pending = set(), []
    for r in missed_rows:
        if r.cadre_id not in asked and len(pending) < 3:
            asked.add(r.cadre_id)
            pending.append(
                MakeUpRequest(
                    session=r.session, cadre_id=r.cadre_id, how="观看课程录像并提交 2000 字学习心得"
                )
            )
    bulk.insert(MakeUpRequest, pending)
    HourRequirement.objects.create(
        organizer=ctx.root, name="火星计划通识培训学时", hours=Decimal("100"), program=ctx.mars
    )
    decision = selection_services.advancement_confirm(
        actor=ctx.admin,
        stage=Stage.objects.get(pk=general.pk),
        note="通识培训 100 学时结束，学时达标者按考察评分晋级实践闯关。",
    )
    advanced = decision.results.filter(advanced=True).count()
    passed_over = decision.results.filter(proposed=False, rank__lte=75).count()
    _summary.append(
        f"火星计划通识培训：{len(sessions)} 次授课共 106 学时，{len(trainees)} 人参训，"
        f"{len(short)} 人不足 100 学时（其中 {passed_over} 人评分在前 75 名而未能晋级），"
        f"晋级 {advanced} 人；补学待审核 {len(pending)} 份"
    )
    return {"sessions": len(sessions), "attendance": len(rows), "advanced": advanced}


def _lecture_hall_sessions(ctx) -> list[Session]:
    sessions = ctx.extra.get("lecture_hall_sessions")
    if sessions:
        return list(sessions)
    topic = _topic(ctx, "新区大讲堂", "面向全区干部的专题讲座")
    titles = [
        "经济形势与金融风险防控",
        "招商引资的方法与案例",
        "生态保护与绿色发展",
        "乡村振兴的实践路径",
        "基层治理现代化",
        "数字政府建设",
        "营商环境的“新区速度”",
        "重大项目谋划与推进",
        "国企改革与现代企业制度",
        "产业园区运营",
        "应急管理与安全生产",
        "公文写作与调查研究",
        "新质生产力",
        "依法行政",
        "年轻干部的成长之路",
    ]
    today = timezone.localdate()
    days = [date(2026, 3 + i // 2, 6 + (i % 2) * 14) for i in range(LECTURE_HALL_SESSIONS - 1)]
    days.append(max(today - timedelta(days=6), days[-1] + timedelta(days=1)))
    out = []
    for title, day in zip(titles, days, strict=True):
        course = Course.objects.create(
            organizer=ctx.root, topic=topic, title=title, credit_hours=Decimal("2.5")
        )
        start = _at(day, 15)
        out.append(
            Session(
                organizer=ctx.root,
                course=course,
                starts_at=start,
                ends_at=start + timedelta(hours=2, minutes=30),
                mode=Session.Mode.LECTURE_HALL,
                place="新区会议中心",
                credit_hours=Decimal("2.5"),
                status=Session.Status.HELD,
                created_by=ctx.admin,
            )
        )
    bulk.insert(Session, out)
    return out


COMMENTS = [
    "案例丰富，贴近工作实际",
    "希望增加互动讨论环节",
    "内容很有启发",
    "时间稍紧，建议延长",
    "讲得透彻，收获很大",
    "希望提供课件",
]


def _lecture_hall(ctx) -> dict:
    sessions = _lecture_hall_sessions(ctx)
    rng = ctx.rng
    young = list(
        Cadre.objects.filter(birth_date__year__gte=1986, user=None)
        .exclude(applications__program=ctx.new_recruit)
        .order_by("pk")
        .values_list("pk", flat=True)[:600]
    )
    base, extra = divmod(LECTURE_HALL_PERSON_TIMES, len(sessions))
    demo = ctx.demo_cadre.pk
    rows, feedback, receipts = [], [], []
    for i, s in enumerate(sessions):
        n = base + (1 if i < extra else 0)
        people = rng.sample(young, min(n, len(young)))
        if i % 3 == 0 or i == len(sessions) - 1:  # the demo cadre came to a third, and the last
            people[-1] = demo
        for cadre_id in people:
            roll = rng.random()
            if roll < 0.9:
                rows.append(_mark(s, cadre_id, "present", method=Attendance.Method.QR))
            elif roll < 0.96:
                rows.append(
                    _mark(
                        s,
                        cadre_id,
                        "late",
                        late=rng.choice([10, 15, 30]),
                        method=Attendance.Method.QR,
                    )
                )
            else:
                rows.append(_mark(s, cadre_id, "left_early", early=rng.choice([20, 40])))
        # Several lectures rated by enough attendees to show; the latest by two so far.
        raters = 2 if i == len(sessions) - 1 else (rng.randint(5, 14) if i < 8 else 0)
        for cadre_id in [p for p in people if p != demo][:raters]:
            receipts.append(FeedbackReceipt(session=s, cadre_id=cadre_id))
            score = rng.choice([3, 4, 4, 5, 5])
            feedback.append(
                SessionFeedback(
                    session=s,
                    content=score,
                    delivery=max(1, min(5, score + rng.choice([-1, 0, 0, 1]))),
                    organization=max(1, min(5, score + rng.choice([-1, 0, 0]))),
                    usefulness=max(1, min(5, score + rng.choice([0, 0, 1, -1]))),
                    comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                    submitted_on=s.starts_at.date() + timedelta(days=1),
                )
            )
    bulk.insert(Attendance, rows)
    bulk.insert(FeedbackReceipt, receipts)
    bulk.insert(SessionFeedback, feedback)
    year = timezone.localdate().year  # this year's requirement, whenever the demo is built
    HourRequirement.objects.create(
        organizer=ctx.root,
        name=f"{year} 年度年轻干部学习学时",
        hours=Decimal("40"),
        year=year,
        unit=ctx.root,
    )
    rated = sum(1 for s in sessions if sum(1 for f in feedback if f.session is s) >= 3)
    _summary.append(
        f"新区大讲堂：{len(sessions)} 期，{len(rows):,} 人次；{rated} 期收到 3 份以上评价；"
        "年轻干部年度学习 40 学时要求"
    )
    return {"sessions": len(sessions), "person_times": len(rows)}


def _today(ctx) -> None:
    """An evening class today, open to the whole district, sign-in open all day."""
    topic = _topic(ctx, "青年干部夜校", "每周一次的青年干部夜校")
    course = Course.objects.create(
        organizer=ctx.root, topic=topic, title="青年干部夜校：调研报告怎么写", credit_hours=2
    )
    today = timezone.localdate()
    Session.objects.create(
        organizer=ctx.root,
        course=course,
        starts_at=_at(today, 19),
        ends_at=_at(today, 21),
        mode=Session.Mode.CLASSROOM,
        place="区委党校 201 教室",
        credit_hours=Decimal("2"),
        signin_opens_at=_at(today, 0),
        signin_closes_at=_at(today, 23, 59),
        created_by=ctx.admin,
    )


def build(ctx) -> dict:
    _summary.clear()
    counts = {"mars": _mars(ctx), "lecture_hall": _lecture_hall(ctx)}
    _today(ctx)
    return counts


def summary() -> list[str]:
    return list(_summary)
