"""Programs with participants, practice assignments and teams, for the practice and teams tests.

A program is made directly (its selection is not what these tests are about): each cadre given
holds an application in progress, as a camp's admitted do."""

from datetime import date

from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.selection.models import Application, Program, ProgramKind, ProgramStatus

from ..models import PracticeAssignment


def program_with(organizer, cadres, *, name="火星计划", **extra) -> Program:
    program = Program.objects.create(
        name=name,
        kind=extra.pop("kind", ProgramKind.TRAINING_CAMP),
        organizer=organizer,
        status=ProgramStatus.RUNNING,
        entry_mode="both",
        start_date=extra.pop("start_date", date(2026, 3, 1)),
        end_date=extra.pop("end_date", date(2026, 12, 31)),
        **extra,
    )
    for cadre in cadres:
        enrol(program, cadre)
    return program


def enrol(program, cadre, outcome=Application.Outcome.IN_PROGRESS) -> Application:
    return Application.objects.create(
        program=program,
        cadre=cadre,
        mode=Application.Mode.RECOMMENDED,
        status=Application.Status.ELIGIBLE,
        outcome=outcome,
    )


def host_user(username="host2", **kw):
    return UserFactory(
        username=username, role=Role.HOST, full_name=kw.pop("full_name", "陈经理"), **kw
    )


def assignment(cadre, **kw) -> PracticeAssignment:
    """An assignment written directly (the service is tested on its own)."""
    values = {
        "kind": PracticeAssignment.Kind.SECONDMENT,
        "host_name": "某科技有限公司",
        "place": "杭州",
        "start_date": date(2026, 3, 1),
        "end_date": date(2026, 12, 20),
        "full_time": True,
        **kw,
    }
    return PracticeAssignment.objects.create(cadre=cadre, **values)
