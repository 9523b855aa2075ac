"""Helpers for democratic evaluation and annual appraisal tests: an evaluation open now (or
in a given window), slips issued through the service, ballots cast through the service."""

from datetime import timedelta

from django.utils import timezone

from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.supervision.services import evaluation as services


def open_evaluation(actor, unit, subjects, *, voter_types=("colleague", "served"), **extra):
    now = timezone.now()
    data = {
        "title": extra.pop("title", "2026年度民主测评"),
        "unit": unit,
        "year": extra.pop("year", 2026),
        "subjects": subjects,
        "voter_types": list(voter_types),
        "opens_at": extra.pop("opens_at", now - timedelta(hours=1)),
        "closes_at": extra.pop("closes_at", now + timedelta(hours=2)),
        **extra,
    }
    return services.evaluation_create(actor=actor, data=data)


def issue(actor, evaluation, voter_type="colleague", count=3) -> list[str]:
    return services.slips_issue(
        actor=actor, evaluation=evaluation, voter_type=voter_type, count=count
    )


def answers_for(evaluation, choose) -> dict:
    """A full ballot: `choose(subject)` gives the option for each subject (every question)."""
    return {
        services.answer_key(s.pk, q.pk): choose(s)
        for s in evaluation.subjects.all()
        for q in evaluation.questions.all()
    }


def cast(code, evaluation, choose, client="test-voter"):
    return services.ballot_cast(
        code=code,
        answers=answers_for(evaluation, choose),
        client=client,
        evaluation_id=evaluation.pk,
    )


def cadres(unit, n, prefix="干部"):
    return [CadreFactory(name=f"{prefix}{i:02d}", unit=unit) for i in range(n)]
