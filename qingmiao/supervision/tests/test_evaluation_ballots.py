"""Democratic evaluation: one vote per slip, the wrong evaluation's slip, the window, guessing,
anonymity by design (no column links a ballot to a slip or a person), results hidden before
the close and below turnout, tallies against hand counts."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.core.models.notifications import Notification
from qingmiao.supervision import ballots
from qingmiao.supervision.models import (
    Ballot,
    BallotAnswer,
    BallotSlip,
    Evaluation,
    SlipRecipient,
)
from qingmiao.supervision.selectors import evaluation as selectors
from qingmiao.supervision.services import evaluation as services

from .factories_evaluation import answers_for, cast, issue, open_evaluation


@pytest.fixture(autouse=True)
def _fresh_guess_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ev(people, tree):
    return open_evaluation(people.org_admin, tree.root, [people.cadre_a, people.cadre_b])


def _state():
    return (
        Ballot.objects.count(),
        BallotAnswer.objects.count(),
        BallotSlip.objects.filter(used=True).count(),
    )


def test_codes_are_kept_only_as_keyed_hashes(people, ev):
    codes = issue(people.org_admin, ev, count=5)
    assert len(set(codes)) == 5 and all(ballots.well_formed(c) for c in codes)
    stored = set(BallotSlip.objects.values_list("code_hash", flat=True))
    assert stored == {ballots.code_hash(c) for c in codes}
    for code in codes:
        assert not BallotSlip.objects.filter(code_hash__contains=ballots.normalize(code)).exists()


def test_one_vote_per_slip(people, ev):
    (code,) = issue(people.org_admin, ev, count=1)
    cast(code, ev, lambda s: "excellent")
    assert _state() == (1, 2, 1)
    with pytest.raises(ValidationError) as refused:
        cast(code, ev, lambda s: "competent")
    assert refused.value.message_dict["code"] == ["这张测评票已经投过票，每张票只能投一次。"]
    assert _state() == (1, 2, 1)  # nothing more saved
    assert set(BallotAnswer.objects.values_list("option", flat=True)) == {"excellent"}


def test_the_code_is_read_leniently(people, ev):
    (code,) = issue(people.org_admin, ev, count=1)
    sloppy = code.lower().replace("-", " ")
    cast(sloppy, ev, lambda s: "competent")
    assert _state() == (1, 2, 1)


def test_a_slip_of_another_evaluation_is_refused(people, tree, ev):
    other = open_evaluation(people.org_admin, tree.root, [people.cadre_a], title="另一次测评")
    (code,) = issue(people.org_admin, other, count=1)
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(
            code=code, answers=answers_for(ev, lambda s: "excellent"), client="x",
            evaluation_id=ev.pk,
        )  # fmt: skip
    assert refused.value.message_dict["code"] == ["这张测评票不属于本次测评。"]
    assert _state() == (0, 0, 0)


def test_the_window(people, tree):
    now = timezone.now()
    later = open_evaluation(
        people.org_admin, tree.root, [people.cadre_a],
        opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2),
    )  # fmt: skip
    (code,) = issue(people.org_admin, later, count=1)
    with pytest.raises(ValidationError) as refused:
        cast(code, later, lambda s: "excellent")
    assert "测评尚未开始" in refused.value.message_dict["code"][0]
    ended = open_evaluation(people.org_admin, tree.root, [people.cadre_a])
    (code2,) = issue(people.org_admin, ended, count=1)
    services.evaluation_close(actor=people.org_admin, evaluation=ended)
    with pytest.raises(ValidationError) as refused:
        cast(code2, ended, lambda s: "excellent")
    assert refused.value.message_dict["code"] == ["测评已结束，不再接受投票。"]
    assert _state() == (0, 0, 0)
    with pytest.raises(ValidationError):
        issue(people.org_admin, ended, count=1)  # no slips after the close


def test_an_incomplete_ballot_saves_nothing_and_keeps_the_slip(people, ev):
    (code,) = issue(people.org_admin, ev, count=1)
    answers = answers_for(ev, lambda s: "excellent")
    missing = next(iter(answers))
    answers[missing] = "outstanding"  # not an option
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(code=code, answers=answers, client="x", evaluation_id=ev.pk)
    assert refused.value.message_dict[missing] == ["请作出评价。"]
    assert _state() == (0, 0, 0)
    cast(code, ev, lambda s: "excellent")  # the slip still works
    assert _state() == (1, 2, 1)


def test_guessing_is_limited(people, ev):
    (code,) = issue(people.org_admin, ev, count=1)
    for _i in range(ballots.GUESS_LIMIT):
        with pytest.raises(ValidationError) as refused:
            cast("QM-2222-2222", ev, lambda s: "excellent", client="guesser")
        assert refused.value.message_dict["code"] == ["测评码不正确，请核对测评票上的号码。"]
    with pytest.raises(ValidationError) as refused:
        cast(code, ev, lambda s: "excellent", client="guesser")  # even the right one
    assert refused.value.message_dict["code"] == ["输入错误次数过多，请 10 分钟后再试。"]
    cast(code, ev, lambda s: "excellent", client="someone-else")
    assert _state() == (1, 2, 1)


def _links(model, targets) -> list[str]:
    return [
        f.name for f in model._meta.get_fields() if f.is_relation and f.related_model in targets
    ]


def test_no_column_links_a_ballot_to_a_slip_or_a_person():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    # A ballot and its answers know the evaluation, the subject and the question — nothing else.
    assert _links(Ballot, {BallotSlip, SlipRecipient, User}) == []
    assert _links(BallotAnswer, {BallotSlip, SlipRecipient, User}) == []
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id",
        "evaluation",
        "voter_type",
        "cast_on",
    }
    assert {f.name for f in BallotAnswer._meta.concrete_fields} == {
        "id", "ballot", "subject", "question", "option",
    }  # fmt: skip
    # A slip knows its evaluation, type, hash and whether it is used: no ballot, no person.
    assert _links(BallotSlip, {Ballot, BallotAnswer, SlipRecipient, User}) == []
    assert {f.name for f in BallotSlip._meta.concrete_fields} == {
        "id", "evaluation", "voter_type", "code_hash", "used",
    }  # fmt: skip
    # The people asked to vote: no slip, no ballot, no code.
    assert _links(SlipRecipient, {Ballot, BallotAnswer, BallotSlip}) == []
    assert {f.name for f in SlipRecipient._meta.concrete_fields} == {
        "id", "evaluation", "user", "voter_type", "drawn",
    }  # fmt: skip
    # No moment is kept (a day only), and ids are random so insertion order tells nothing.
    for model in (Ballot, BallotAnswer, BallotSlip):
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.concrete_fields)
        assert isinstance(model._meta.pk, models.UUIDField)


def test_the_vote_audit_entry_names_no_one(people, client, ev):
    client.force_login(people.officer_a)  # a voter who happens to be signed in
    (code,) = issue(people.org_admin, ev, count=1)
    cast(code, ev, lambda s: "excellent")
    entry = AuditEntry.objects.filter(action="supervision.ballot.cast").get()
    assert entry.actor_id is None and entry.actor_username == ""
    assert (entry.object_type, entry.object_id) == ("supervision.evaluation", str(ev.pk))
    assert entry.extra == {} and entry.changes == {}
    ballot = Ballot.objects.get()
    assert str(ballot.pk) not in str(
        AuditEntry.objects.values_list("object_id", "extra", "changes")
    )


def test_named_voters_draw_a_slip_and_the_record_keeps_no_code(people, ev):
    n = services.recipients_send(
        actor=people.org_admin, evaluation=ev, users=[people.officer_a, people.mentor],
        voter_type="colleague",
    )  # fmt: skip
    assert n == 2
    note = Notification.objects.get(recipient=people.officer_a)
    assert note.link == f"/supervision/evaluations/{ev.pk}/draw/"
    code = services.slip_draw(actor=people.officer_a, evaluation=ev)
    assert ballots.code_hash(code) in set(BallotSlip.objects.values_list("code_hash", flat=True))
    assert ballots.normalize(code) not in note.text + note.link
    with pytest.raises(ValidationError) as refused:
        services.slip_draw(actor=people.officer_a, evaluation=ev)
    assert refused.value.messages == ["您已领取过本次测评的测评票，每人只能领取一张。"]
    with pytest.raises(PermissionDenied):
        services.slip_draw(actor=people.officer_b, evaluation=ev)  # not asked
    cast(code, ev, lambda s: "competent")
    assert SlipRecipient.objects.get(user=people.officer_a).drawn is True


def test_results_hidden_before_the_close_and_below_turnout(people, ev):
    codes = issue(people.org_admin, ev, "colleague", 6) + issue(people.org_admin, ev, "served", 3)
    for code in codes[:5]:
        cast(code, ev, lambda s: "excellent")
    turnout, results, why = selectors.visible_results(ev)
    assert (turnout.issued, turnout.used, results) == (9, 5, None)
    assert why == "测评结束后才公布结果，目前只显示回收情况。"
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    ev.refresh_from_db()
    # 5 of 9 back: 5 × 3 = 15 < 9 × 2 = 18, below two thirds.
    _t, results, why = selectors.visible_results(ev)
    assert results is None and why == "回收的测评票未达到发出票数的三分之二，结果不予公布。"


def test_tallies_against_hand_counts(people, ev):
    colleague = issue(people.org_admin, ev, "colleague", 6)
    served = issue(people.org_admin, ev, "served", 3)
    a, b = people.cadre_a.pk, people.cadre_b.pk
    # Colleagues: cadre A 优秀 ×3, 称职 ×2; cadre B 称职 ×4, 基本称职 ×1 (5 of 6 slips used).
    plan = (
        [("excellent", "competent")] * 3
        + [("competent", "competent")]
        + [("competent", "basically")]
    )
    for code, (for_a, for_b) in zip(colleague, plan, strict=False):
        cast(code, ev, lambda s, x=for_a, y=for_b: x if s.cadre_id == a else y)
    # Served: A 优秀 ×1; B 不称职 ×1 (1 of 3 used).
    cast(served[0], ev, lambda s: "excellent" if s.cadre_id == a else "incompetent")
    # 6 of 9 used: 6 × 3 = 18 ≥ 9 × 2 = 18, exactly two thirds.
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    ev.refresh_from_db()
    turnout, results, why = selectors.visible_results(ev)
    assert why == "" and (turnout.issued, turnout.used) == (9, 6)
    by_cadre = {r.subject.cadre_id: r.headline for r in results}
    counts_a = {o.key: o.count for o in by_cadre[a].options}
    counts_b = {o.key: o.count for o in by_cadre[b].options}
    assert counts_a == {"excellent": 4, "competent": 2, "basically": 0, "incompetent": 0}
    assert counts_b == {"excellent": 0, "competent": 4, "basically": 1, "incompetent": 1}
    # Rates: A 优秀 4 ÷ 6 = 66.7 %; per type, colleagues 3 ÷ 5 = 60 %, served 1 ÷ 1 = 100 %.
    rate_a = {o.key: o.rate for o in by_cadre[a].options}
    assert rate_a["excellent"] == pytest.approx(4 / 6)
    assert by_cadre[a].options[0].percent == "66.7%"
    types = {label: (n, {o.key: o.count for o in opts}) for label, n, opts in by_cadre[a].by_type}
    assert types["本单位同事"] == (
        5,
        {"excellent": 3, "competent": 2, "basically": 0, "incompetent": 0},
    )
    assert types["服务对象或接收单位"] == (
        1,
        {"excellent": 1, "competent": 0, "basically": 0, "incompetent": 0},
    )
    assert selectors.headline_text(by_cadre[b]) == (
        "优秀 0 票（0%）、称职 4 票（66.7%）、基本称职 1 票（16.7%）、不称职 1 票（16.7%）"
    )


def test_closing_rewrites_every_slip_and_ballot_row(people, ev):
    codes = issue(people.org_admin, ev, count=2)
    cast(codes[0], ev, lambda s: "excellent")
    services.evaluation_close(actor=people.org_admin, evaluation=ev)
    assert Evaluation.objects.get(pk=ev.pk).closed_at is not None
    with pytest.raises(ValidationError):
        services.evaluation_close(
            actor=people.org_admin, evaluation=Evaluation.objects.get(pk=ev.pk)
        )
    assert AuditEntry.objects.filter(action="supervision.evaluation.closed").count() == 1


def test_opening_checks_scope_and_input(people, tree):
    with pytest.raises(PermissionDenied):
        open_evaluation(people.officer_a, tree.unit_a, [people.cadre_a])  # no capability
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.evaluation_create(
            actor=people.org_admin,
            data={
                "title": "x", "unit": tree.root, "subjects": [], "voter_types": ["nobody"],
                "opens_at": now, "closes_at": now - timedelta(hours=1),
            },
        )  # fmt: skip
    errors = refused.value.message_dict
    assert errors["closes_at"] == ["截止时间须晚于开始时间。"]
    assert errors["subjects"] == ["请至少选择一名测评对象。"]
    assert errors["voter_types"] == ["请至少选择一类参评人员。"]
    assert not Evaluation.objects.exists()
