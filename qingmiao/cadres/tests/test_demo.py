import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from qingmiao.accounts.models import User
from qingmiao.cadres import idcard
from qingmiao.cadres.demo import registry
from qingmiao.cadres.models import Cadre, OrgUnit

pytestmark = pytest.mark.django_db


def _snapshot():
    return list(Cadre.objects.order_by("id").values_list("name", "birth_date", "unit__name"))


def test_demo_is_deterministic_by_seed():
    with transaction.atomic():
        registry.build(seed=7, cadre_count=150)
        first = _snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        registry.build(seed=7, cadre_count=150)
        again = _snapshot()
        transaction.set_rollback(True)
    registry.build(seed=8, cadre_count=150)
    other = _snapshot()
    assert first == again
    assert first != other


def test_demo_shape():
    counts = registry.build(seed=2026, cadre_count=600)
    assert counts == {"units": 65, "cadres": 600, "users": 10}
    assert 55 <= OrgUnit.objects.count() <= 70
    young = Cadre.objects.filter(birth_date__year__gte=1990)
    assert young.count() > 300  # most of the district's cadres are young
    masters = young.filter(fulltime_education__code="14").count()
    assert masters / young.count() > 0.4  # "many master's degrees"
    for cadre in Cadre.objects.all()[:50]:
        number = cadre.id_number
        assert idcard.validate(number, birth_date=cadre.birth_date) == number
        assert idcard.gender_code_of(number) == cadre.gender.code
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames == {
        "orgadmin", "officer", "cadre", "mentor", "rater", "inspector", "leader",
        "sysadmin", "secadmin", "auditor",
    }  # fmt: skip
    cadre_user = User.objects.get(username="cadre")
    assert cadre_user.cadre.unit == User.objects.get(username="officer").org_unit
    assert cadre_user.check_password(registry.DEMO_PASSWORD)


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", cadres=10)
    assert not OrgUnit.objects.exists()


def test_seed_demo_command_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", cadres=30)
    call_command("seed_demo", cadres=30)
    assert Cadre.objects.count() == 30
    assert "already present" in capsys.readouterr().out
