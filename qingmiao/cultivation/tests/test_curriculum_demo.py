"""The curriculum demo reproduces the seeds: 兰州新区's 21 topics, 25 bases, 18 routes and 15
大讲堂 sittings, 萧山's 13 study-trip batches with 620+ participants, sessions coming up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from qingmiao.cadres.demo import registry
from qingmiao.cultivation.demo import cohorts, curriculum
from qingmiao.cultivation.models import (
    Lecturer,
    Session,
    SiteRoute,
    StudyTrip,
    StudyTripParticipant,
    Topic,
    TrainingBase,
)
from qingmiao.cultivation.selectors import curriculum as selectors
from qingmiao.selection import demo as selection_demo

pytestmark = pytest.mark.django_db


def test_demo_curriculum_has_the_reported_shape():
    registry.build(seed=2026, cadre_count=2000)
    selection_demo.build(seed=2026)
    ctx = cohorts.build(2026)
    counts = curriculum.build(ctx)
    assert (Topic.objects.count(), TrainingBase.objects.count(), SiteRoute.objects.count()) == (
        21,
        25,
        18,
    )
    assert counts["lecture_hall_sessions"] == 15
    assert len(ctx.extra["lecture_hall_sessions"]) == 15
    assert {s.mode for s in ctx.extra["lecture_hall_sessions"]} == {Session.Mode.LECTURE_HALL}
    assert Lecturer.objects.filter(name="华为全球培训中心").exists()
    assert Lecturer.objects.filter(affiliation="浙江大学").exists()
    # Every route passes through bases, and courses serve both camps.
    assert not SiteRoute.objects.filter(bases=None).exists()
    assert ctx.mars.courses.exists() and ctx.growth.courses.exists()
    assert (
        ctx.mars.sessions.filter(pk__in=[s.pk for s in ctx.extra["upcoming_sessions"]]).count() == 7
    )
    # 萧山: 13 batches, 620+ person-times, the cadre login among them.
    assert StudyTrip.objects.count() == 13
    assert StudyTripParticipant.objects.count() >= 620
    assert ctx.demo_cadre.study_trips.exists()
    # Sessions in the next two weeks, one of them today.
    today = timezone.localdate()
    upcoming = list(selectors.upcoming_sessions(ctx.admin, start=today))
    assert any(timezone.localtime(s.starts_at).date() == today for s in upcoming)
    assert all(
        timezone.localtime(s.starts_at).date() < today + timedelta(days=14)
        for s in ctx.extra["upcoming_sessions"]
    )
    line = curriculum.summary()[0]
    assert line.startswith("课程体系：专题 21 个，课程 ")
    assert "教学基地 25 个，观摩线路 18 条；大讲堂 15 期；外出学习 13 批次 6" in line
