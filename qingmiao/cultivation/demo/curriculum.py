"""The curriculum part of the cultivation demo (see the seeds' figures).

- 兰州新区: 21 training topics (经济金融, 招商引资, 生态环保, 乡村振兴, 基层治理...), 25 training
  bases and 18 site-visit routes through them, and 15 sittings of the 干部大讲堂 this year (the
  attendance area records their 1,237 person-times).
- Lecturers: district leaders, the entrepreneurs who rate the camps (their accounts, so they
  see their sessions' feedback), experts and partner institutions (华为全球培训中心, 浙江大学).
- Courses across the topics, attached to 火星计划 and the 成长营 and their tracks.
- A few sessions in the next two weeks (one today), on-site at a base, along a route, in a
  classroom, online and in the lecture hall.
- 萧山: 13 study-trip batches with 620+ participants from the 成长营 and other young cadres.

Everything is organized by the demo district's root unit (the organization department).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.accounts.models import User
from qingmiao.cadres.demo import bulk
from qingmiao.cadres.models import Cadre

from ..models import (
    Course,
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)
from .cohorts import aware

# (topic, [course titles]); the first five are the report's own words.
TOPICS = [
    ("经济金融", ["宏观经济形势与地方财政", "金融服务实体经济", "地方政府债务风险防控"]),
    ("招商引资", ["产业链招商实务", "招商项目谈判与签约", "驻点招商经验交流"]),
    ("生态环保", ["黄河流域生态保护和高质量发展", "“双碳”目标与绿色转型"]),
    ("乡村振兴", ["和美乡村建设", "农村集体经济发展路径", "高原夏菜产业链打造"]),
    ("基层治理", ["新时代“枫桥经验”", "网格化管理与服务", "党建引领社区治理"]),
    ("党的创新理论", ["学习贯彻党的二十届四中全会精神", "习近平经济思想专题"]),
    ("党性修养与廉洁从政", ["年轻干部的党性修养", "以案为鉴 廉洁从政"]),
    ("新质生产力与产业升级", ["新质生产力的地方实践", "传统产业数字化改造"]),
    ("营商环境优化", ["营商环境评价指标解读", "“高效办成一件事”改革"]),
    ("数字经济", ["数据要素市场化配置", "算力产业与东数西算"]),
    ("新材料与先进制造", ["新材料产业发展趋势", "先进制造业集群培育"]),
    ("现代物流与枢纽经济", ["国际陆港与中欧班列", "临空经济区建设"]),
    ("国资国企改革", ["国企改革深化提升行动", "国有企业现代公司治理"]),
    ("城市规划建设与管理", ["新区国土空间规划", "城市更新与精细化管理"]),
    ("应急管理与安全生产", ["化工园区安全生产", "突发事件应对与舆情处置"]),
    ("依法行政", ["行政执法规范化", "法治思维与依法决策"]),
    ("群众工作与信访", ["新时代群众工作方法", "信访矛盾化解实务"]),
    ("科技创新与人才工作", ["科技成果转化", "人才引育留用"]),
    ("向西开放与开放型经济", ["综合保税区政策与实务", "西部陆海新通道建设"]),
    ("调查研究与公文写作", ["调查研究的方法与报告写作", "公文写作规范"]),
    ("领导力与沟通协调", ["年轻干部的领导力提升", "跨部门沟通与协调"]),
]

BASES = [
    ("新材料产业园区", "新材料"), ("现代农业公园", "乡村振兴"),
    ("乡村振兴生态循环产业园", "乡村振兴"), ("综合保税区", "开放型经济"),
    ("国际陆港", "现代物流"), ("精细化工园区", "安全生产"),
    ("数据信息产业园", "数字经济"), ("规划展览馆", "城市规划"),
    ("职业教育园区", "人才工作"), ("秦王川湿地公园", "生态环保"),
    ("新能源汽车产业园", "先进制造"), ("装备制造产业园", "先进制造"),
    ("生物医药产业园", "科技创新"), ("高原夏菜种植示范基地", "乡村振兴"),
    ("中川街道党建引领社区治理示范点", "基层治理"), ("秦川镇和美乡村示范村", "乡村振兴"),
    ("西岔镇移民搬迁安置社区", "基层治理"), ("政务服务中心", "营商环境"),
    ("临空经济区", "开放型经济"), ("黄河水源地生态修复示范区", "生态环保"),
    ("石化产业园", "安全生产"), ("现代物流园", "现代物流"),
    ("科技创新孵化园", "科技创新"), ("文化旅游产业园", "文化旅游"),
    ("干部教育党性教育馆", "党性教育"),
]  # fmt: skip

# (route, indexes of its bases in order)
ROUTES = [
    ("新材料产业观摩线路", [0, 11, 22]), ("现代农业观摩线路", [1, 13, 2]),
    ("乡村振兴示范线路", [15, 2, 16]), ("开放通道观摩线路", [3, 4, 18]),
    ("现代物流观摩线路", [4, 21, 18]), ("化工园区安全生产线路", [5, 20]),
    ("数字经济观摩线路", [6, 22]), ("城市规划建设线路", [7, 17, 14]),
    ("产教融合观摩线路", [8, 12]), ("生态保护观摩线路", [9, 19]),
    ("先进制造观摩线路", [10, 11, 0]), ("生物医药观摩线路", [12, 22]),
    ("基层治理观摩线路", [14, 16]), ("营商环境观摩线路", [17, 3]),
    ("临空经济观摩线路", [18, 4]), ("黄河生态观摩线路", [19, 9, 1]),
    ("文旅融合观摩线路", [23, 15]), ("党性教育现场教学线路", [24, 14, 15]),
]  # fmt: skip

LEADERS = [
    ("李振华", "新区党工委书记"), ("张国栋", "新区管委会主任"),
    ("王志刚", "党工委副书记"), ("陈海燕", "党工委委员、组织部部长"),
    ("赵立新", "管委会副主任"), ("刘卫东", "经济发展局局长"),
]  # fmt: skip
EXPERTS = [
    ("黄仁杰", "浙江大学", "公共管理学院教授"),
    ("孙明", "兰州大学", "经济学院教授"),
    ("何丽君", "中共甘肃省委党校", "教授"),
    ("郭涛", "国务院发展研究中心", "研究员"),
]
INSTITUTIONS = [
    ("华为全球培训中心", "萧山"), ("浙江大学继续教育学院", "杭州"),
    ("中共兰州新区党工委党校", "兰州新区"), ("萧山区委党校", "萧山"),
]  # fmt: skip
COMPANIES = ["新区新材料集团", "陆港物流公司", "数智科技公司", "绿源农业公司"]

DESTINATIONS = [
    "深圳", "上海浦东", "苏州工业园区", "广州南沙", "成都天府新区", "合肥",
    "宁波", "厦门", "雄安新区", "青岛西海岸新区", "武汉光谷", "重庆两江新区", "珠海横琴",
]  # fmt: skip
TRIP_BATCHES = 13
TRIP_SIZES = [48, 50, 46, 52, 47, 49, 45, 51, 48, 46, 50, 47, 48]  # 627 person-times


def _lecturers(root) -> list[Lecturer]:
    entrepreneurs = {u.full_name: u for u in User.objects.filter(username__startswith="ent")}
    rows = [
        Lecturer(organizer=root, name=n, kind=Lecturer.Kind.LEADER, affiliation="兰州新区",
                 title=t) for n, t in LEADERS
    ] + [
        Lecturer(organizer=root, name=n, kind=Lecturer.Kind.EXPERT, affiliation=a, title=t)
        for n, a, t in EXPERTS
    ] + [
        Lecturer(organizer=root, name=n, kind=Lecturer.Kind.INSTITUTION, affiliation=a)
        for n, a in INSTITUTIONS
    ]  # fmt: skip
    for i, (name, user) in enumerate(sorted(entrepreneurs.items())[:8]):
        rows.append(
            Lecturer(
                organizer=root,
                name=name,
                kind=Lecturer.Kind.ENTREPRENEUR,
                affiliation=COMPANIES[i % len(COMPANIES)],
                title="董事长" if i % 2 == 0 else "总经理",
                user=user,
            )
        )
    return Lecturer.objects.bulk_create(rows)


def _courses(ctx, topics, lecturers) -> list[Course]:
    rng = ctx.rng
    courses = []
    for topic, (_name, titles) in zip(topics, TOPICS, strict=True):
        for title in titles:
            hours = Decimal(rng.choice(["2.0", "3.0", "3.0", "4.0", "6.0"]))
            courses.append(Course(organizer=ctx.root, topic=topic, title=title, credit_hours=hours))
    courses = Course.objects.bulk_create(courses)
    mars_tracks = {t.name: t for t in ctx.mars.tracks.all()}
    growth_tracks = {t.name: t for t in ctx.growth.tracks.all()}
    # The economy topics feed both camps; a course names the tracks it serves.
    by_topic_track = {
        "经济金融": ["金融科技"], "招商引资": ["商务服务", "国际会展"],
        "新质生产力与产业升级": ["科技创新", "智能物联"], "数字经济": ["数字经济", "人工智能"],
        "营商环境优化": ["现代服务业"], "新材料与先进制造": ["新材料"],
        "科技创新与人才工作": ["科技创新", "生命健康"], "城市规划建设与管理": ["城市更新"],
    }  # fmt: skip
    L, P, T = Course.lecturers.through, Course.programs.through, Course.tracks.through
    links, programs, tracks = [], [], []
    for i, course in enumerate(courses):
        picks = {lecturers[i % len(lecturers)], lecturers[(i * 7 + 3) % len(lecturers)]}
        links += [L(course=course, lecturer=x) for x in picks]
        names = by_topic_track.get(course.topic.name)
        if names is not None or i % 3 == 0:
            programs += [P(course=course, program=ctx.mars), P(course=course, program=ctx.growth)]
        for name in names or ():
            track = mars_tracks.get(name) or growth_tracks.get(name)
            if track is not None:
                tracks.append(T(course=course, track=track))
    L.objects.bulk_create(links)
    P.objects.bulk_create(programs)
    T.objects.bulk_create(tracks)
    return courses


def _sessions(ctx, courses, bases, routes) -> tuple[list[Session], list[Session]]:
    """15 大讲堂 this year, held; and the next two weeks' sessions (one today)."""
    rng = ctx.rng
    hall = []
    for i in range(15):
        day = date(2026, 1, 16) + timedelta(days=21 * i)
        course = courses[(i * 5) % len(courses)]
        hall.append(
            Session(
                organizer=ctx.root, course=course, title=f"干部大讲堂第{i + 1}期",
                starts_at=aware(day, 14, 30), ends_at=aware(day, 17, 30),
                mode=Session.Mode.LECTURE_HALL, place="新区会议中心报告厅",
                credit_hours=Decimal("3.0"), status=Session.Status.HELD,
            )
        )  # fmt: skip
    today = timezone.localdate()
    plan = [
        (0, 15, Session.Mode.CLASSROOM, "党工委党校第一教室", None, None),
        (1, 9, Session.Mode.ONSITE, "", bases[0], None),
        (3, 9, Session.Mode.ONSITE, "", None, routes[3]),
        (4, 19, Session.Mode.ONLINE, "网络学院直播", None, None),
        (8, 14, Session.Mode.LECTURE_HALL, "新区会议中心报告厅", None, None),
        (10, 9, Session.Mode.ONSITE, "", bases[14], None),
        (12, 9, Session.Mode.CLASSROOM, "党工委党校第二教室", None, None),
    ]
    upcoming = []
    for days, hour, mode, place, base, route in plan:
        day = today + timedelta(days=days)
        course = rng.choice(courses)
        upcoming.append(
            Session(
                organizer=ctx.root, course=course, starts_at=aware(day, hour),
                ends_at=aware(day, hour + 3), mode=mode, place=place, base=base, route=route,
                credit_hours=course.credit_hours,
            )
        )  # fmt: skip
    sessions = Session.objects.bulk_create(hall + upcoming)
    P = Session.programs.through
    links = []
    for i, session in enumerate(sessions):
        if i in (3, 9) or i >= len(hall):
            # A lecture open to both camps counts for each of them.
            links += [P(session=session, program=ctx.mars), P(session=session, program=ctx.growth)]
    P.objects.bulk_create(links)
    return hall, upcoming


def _trips(ctx) -> list[StudyTrip]:
    """萧山's 13 batches: the 成长营's cadres first, then other young cadres."""
    rng = ctx.rng
    pool = ctx.participants(ctx.growth)
    seen = {c.pk for c in pool}
    young = list(
        Cadre.objects.filter(birth_date__year__gte=1986)
        .exclude(pk__in=seen)
        .order_by("pk")
        .values_list("pk", flat=True)[:900]
    )
    pool_ids = [c.pk for c in pool] + young
    trips, people = [], []
    for i in range(TRIP_BATCHES):
        start = date(2026, 1, 5) + timedelta(days=25 * i)
        trips.append(
            StudyTrip(
                organizer=ctx.root, program=ctx.growth, batch=i + 1,
                title=f"{DESTINATIONS[i]}产业发展专题研学",
                destinations=DESTINATIONS[i], start_date=start,
                end_date=start + timedelta(days=4), credit_hours=Decimal("24.0"),
            )
        )  # fmt: skip
    trips = StudyTrip.objects.bulk_create(trips)
    for trip, size in zip(trips, TRIP_SIZES, strict=True):
        chosen = rng.sample(pool_ids, min(size, len(pool_ids)))
        people += [StudyTripParticipant(trip=trip, cadre_id=pk) for pk in chosen]
    if ctx.demo_cadre.pk not in {p.cadre_id for p in people if p.trip is trips[0]}:
        people.append(StudyTripParticipant(trip=trips[0], cadre_id=ctx.demo_cadre.pk))
    bulk.insert(StudyTripParticipant, people)
    return trips


def build(ctx) -> dict:
    root = ctx.root
    topics = Topic.objects.bulk_create(
        Topic(organizer=root, name=name, sort=i + 1) for i, (name, _titles) in enumerate(TOPICS)
    )
    bases = TrainingBase.objects.bulk_create(
        TrainingBase(organizer=root, name=name, field=field, address=f"兰州新区{name}")
        for name, field in BASES
    )
    routes = SiteRoute.objects.bulk_create(
        SiteRoute(organizer=root, name=name, stops="、".join(BASES[i][0] for i in stops))
        for name, stops in ROUTES
    )
    SiteRoute.bases.through.objects.bulk_create(
        SiteRoute.bases.through(siteroute=route, trainingbase=bases[i])
        for route, (_name, stops) in zip(routes, ROUTES, strict=True)
        for i in stops
    )
    lecturers = _lecturers(root)
    courses = _courses(ctx, topics, lecturers)
    hall, upcoming = _sessions(ctx, courses, bases, routes)
    trips = _trips(ctx)
    ctx.extra.update(
        topics=topics,
        lecturers=lecturers,
        courses=courses,
        bases=bases,
        routes=routes,
        lecture_hall_sessions=hall,
        upcoming_sessions=upcoming,
        study_trips=trips,
    )
    return {
        "topics": len(topics),
        "courses": len(courses),
        "bases": len(bases),
        "routes": len(routes),
        "lecture_hall_sessions": len(hall),
        "study_trips": len(trips),
    }


def summary() -> list[str]:
    trips = StudyTrip.objects.aggregate(n=Count("pk", distinct=True), people=Count("participants"))
    return [
        _(
            "课程体系：专题 %(topics)s 个，课程 %(courses)s 门，教学基地 %(bases)s 个，"
            "观摩线路 %(routes)s 条；大讲堂 %(hall)s 期；外出学习 %(trips)s 批次 %(people)s 人次"
        )
        % {
            "topics": Topic.objects.count(),
            "courses": Course.objects.count(),
            "bases": TrainingBase.objects.count(),
            "routes": SiteRoute.objects.count(),
            "hall": Session.objects.filter(mode=Session.Mode.LECTURE_HALL)
            .exclude(status=Session.Status.PLANNED)
            .count(),
            "trips": trips["n"],
            "people": trips["people"],
        }
    ]
