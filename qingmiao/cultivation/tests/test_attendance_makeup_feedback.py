"""Make-ups (requested, decided, hours updated) and feedback (attendees once, aggregates only
from three answers)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.models.notifications import Notification
from qingmiao.cultivation.models import Attendance, FeedbackReceipt, Lecturer, SessionFeedback
from qingmiao.cultivation.selectors import attendance as selectors
from qingmiao.cultivation.services import attendance as services

from .factories_attendance import enrol, make_program, make_session

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


@pytest.fixture
def missed(people, tree):
    program = make_program(tree.root)
    enrol(program, people.cadre_a, people.cadre_a2)
    session = make_session(tree.root, program, hours="4", minutes=240)
    services.roster_save(
        actor=people.org_admin,
        session=session,
        rows=[{"cadre": people.cadre_a.pk, "status": "absent"}],
    )
    return program, session


def test_make_up_approved_credits_the_full_hours_audits_and_notifies(people, missed):
    program, session = missed
    evidence = SimpleUploadedFile("心得.pdf", PDF, content_type="application/pdf")
    request = services.makeup_request(
        actor=people.cadre_user, session=session, how="观看录像并提交心得", evidence=evidence
    )
    assert request.status == "pending" and request.evidence
    assert selectors.hours_by_cadre([people.cadre_a.pk], program=program) == {
        people.cadre_a.pk: Decimal("0")
    }
    services.makeup_decide(actor=people.org_admin, request=request, approve=True)
    assert selectors.hours_by_cadre([people.cadre_a.pk], program=program) == {
        people.cadre_a.pk: Decimal("4")
    }
    assert AuditEntry.objects.filter(action="cultivation.makeup.decided").count() == 1
    note = Notification.objects.get(recipient=people.cadre_user, event="cultivation.makeup.decided")
    assert "已通过" in note.text and "4" in note.text
    # Re-saving the roster keeps the make-up's hours.
    services.roster_save(
        actor=people.org_admin,
        session=session,
        rows=[{"cadre": people.cadre_a.pk, "status": "excused"}],
    )
    assert Attendance.objects.get(cadre=people.cadre_a).credited_hours == Decimal("4")
    with pytest.raises(ValidationError, match="已审核"):
        services.makeup_decide(actor=people.org_admin, request=request, approve=False, note="x")


WRONG_KIND = "只能上传 PDF、Word（.docx）文件或 JPG、PNG 照片，且扩展名须与文件内容一致。"


def test_make_up_refusals(people, missed):
    _program, session = missed
    fake = SimpleUploadedFile("心得.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.makeup_request(actor=people.cadre_user, session=session, how="x", evidence=fake)
    assert exc.value.message_dict == {"evidence": [WRONG_KIND]}
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as exc:
        services.makeup_request(actor=people.cadre_user, session=session, how="", evidence=exe)
    assert exc.value.message_dict == {
        "how": ["请说明补学方式。"],
        "evidence": [WRONG_KIND],
    }
    big = SimpleUploadedFile(
        "a.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as exc:
        services.makeup_request(actor=people.cadre_user, session=session, how="x", evidence=big)
    assert exc.value.message_dict == {"evidence": ["文件过大：不能超过 20 MB。"]}
    request = services.makeup_request(actor=people.cadre_user, session=session, how="录像")
    with pytest.raises(ValidationError) as exc:
        services.makeup_request(actor=people.cadre_user, session=session, how="再来一次")
    assert exc.value.message_dict == {"session": ["本次授课已有补学申请。"]}
    with pytest.raises(ValidationError) as exc:
        services.makeup_decide(actor=people.org_admin, request=request, approve=False)
    assert exc.value.message_dict == {"note": ["不通过须填写理由。"]}
    with pytest.raises(PermissionDenied):
        services.makeup_decide(actor=people.officer_a, request=request, approve=True)
    services.makeup_decide(actor=people.org_admin, request=request, approve=False, note="材料不全")
    assert Attendance.objects.get(cadre=people.cadre_a).credited_hours == 0
    assert "未通过" in Notification.objects.get(event="cultivation.makeup.decided").text


def _attendees(tree, session, n):
    users = []
    for i in range(n):
        user = UserFactory(username=f"trainee{i}", role=Role.CADRE, org_unit=tree.unit_a)
        cadre = CadreFactory(unit=tree.unit_a, user=user)
        Attendance.objects.create(session=session, cadre=cadre, status="present", method="roster")
        users.append(user)
    return users


SCORES = {"content": 5, "delivery": 4, "organization": 3, "usefulness": 4}


def test_feedback_only_attendees_once_and_anonymous(people, tree):
    session = make_session(tree.root)
    users = _attendees(tree, session, 3)
    with pytest.raises(ValidationError, match="只有出席本次授课的学员可以评价"):
        services.feedback_submit(actor=people.cadre_user, session=session, scores=SCORES)
    services.feedback_submit(actor=users[0], session=session, scores=SCORES, comment="很好")
    with pytest.raises(ValidationError, match="您已评价过本次授课"):
        services.feedback_submit(actor=users[0], session=session, scores=SCORES)
    with pytest.raises(ValidationError) as exc:
        services.feedback_submit(actor=users[1], session=session, scores={**SCORES, "content": 6})
    assert exc.value.message_dict == {"content": ["请选择 1 至 5 分。"]}
    assert SessionFeedback.objects.count() == 1 and FeedbackReceipt.objects.count() == 1
    # The answer holds no link to who gave it; the audit says who answered, not what.
    field_names = {f.name for f in SessionFeedback._meta.get_fields()}
    assert not field_names & {"cadre", "user", "receipt", "submitted_at"}
    entry = AuditEntry.objects.get(action="cultivation.feedback.submitted")
    assert "5" not in str(entry.extra or "") and "很好" not in str(entry.extra or "")


def test_feedback_aggregates_hidden_below_three_answers(people, tree):
    session = make_session(tree.root)
    users = _attendees(tree, session, 3)
    services.feedback_submit(actor=users[0], session=session, scores=SCORES, comment="希望多互动")
    services.feedback_submit(
        actor=users[1],
        session=session,
        scores={"content": 4, "delivery": 5, "organization": 4, "usefulness": 3},
    )
    summary = selectors.feedback_summary(people.org_admin, session)
    assert summary["count"] == 2 and not summary["shown"] and "dimensions" not in summary
    services.feedback_submit(
        actor=users[2],
        session=session,
        scores={"content": 3, "delivery": 3, "organization": 5, "usefulness": 5},
        comment="案例丰富",
    )
    summary = selectors.feedback_summary(people.org_admin, session)
    averages = {d["key"]: d["average"] for d in summary["dimensions"]}
    # content (5+4+3)/3 = 4; delivery (4+5+3)/3 = 4; organization (3+4+5)/3 = 4;
    # usefulness (4+3+5)/3 = 4
    assert averages == {"content": 4, "delivery": 4, "organization": 4, "usefulness": 4}
    assert summary["dimensions"][0]["spread"] == [0, 0, 1, 1, 1]
    assert summary["comments"] == sorted(["希望多互动", "案例丰富"])
    # Readers: organizer-side staff and the session's lecturer; nobody else.
    assert selectors.feedback_summary(people.officer_a, session) is None
    assert selectors.feedback_summary(people.cadre_user, session) is None
    lecturer = Lecturer.objects.create(
        organizer=tree.root, name="孙导师", kind="leader", user=people.mentor
    )
    session.course.lecturers.add(lecturer)
    assert selectors.feedback_summary(people.mentor, session)["overall"] == 4


def test_feedback_needs_the_session_over(people, tree):
    session = make_session(tree.root, starts_at=timezone.now() - timedelta(minutes=30))
    users = _attendees(tree, session, 1)
    with pytest.raises(ValidationError, match="授课结束后才能评价"):
        services.feedback_submit(actor=users[0], session=session, scores=SCORES)
