"""The cadre data version: every path that writes cadres, units, codes or tags gives it a new
token, and the list, its count, its drop-downs and the home page show the write at once."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.cadres import services, services_codes, services_units
from qingmiao.cadres.demo import bulk, registry
from qingmiao.cadres.models import Cadre, CodeItem, CodeTable, OrgUnit, Tag
from qingmiao.cadres.tests.factories import OrgUnitFactory, code
from qingmiao.cadres.tests.test_services import base_data
from qingmiao.core.models import ListVersion
from qingmiao.core.versions import Snapshot

pytestmark = pytest.mark.django_db


def token() -> int | None:
    row = ListVersion.objects.filter(key="cadres").first()
    return row.token if row else None


@contextmanager
def bumps():
    before = token()
    yield
    after = token()
    assert after is not None and after != before


def new_cadre(unit, name="批量甲") -> Cadre:
    born = datetime.date(1994, 3, 9)
    gender = code(CodeTable.GENDER, "1")
    return Cadre(
        name=name, name_pinyin="piliangjia", gender=gender, birth_date=born, unit=unit, post="科员"
    )


# --- every path bumps the version ----------------------------------------------------------


def test_services_bump_it(people):
    with bumps():
        cadre = services.cadre_create(
            actor=people.officer_a,
            data=base_data(people.tree.unit_a),
        )
    with bumps():
        services.cadre_update(
            actor=people.officer_a,
            cadre=cadre,
            data={"post": "副科长"},
            expected_version=cadre.version,
        )
    tag = Tag.objects.create(name="后备干部")
    with bumps():
        cadre.tags.add(tag)
    with bumps():
        services.cadre_delete(actor=people.org_admin, cadre=Cadre.objects.get(pk=cadre.pk))


def test_unit_services_bump_it(people):
    tree = people.tree
    with bumps():
        unit = services_units.orgunit_create(
            actor=people.sysadmin,
            parent=tree.root,
            data={"name": "区审计局", "code": "T-AUDIT", "unit_type": "party_govt"},
        )
    with bumps():
        services_units.orgunit_update(actor=people.sysadmin, unit=unit, data={"name": "区审计局2"})
    with bumps():
        services_units.orgunit_move(actor=people.sysadmin, unit=unit, parent=tree.unit_b)
    with bumps():
        services_units.orgunit_merge(actor=people.sysadmin, unit=unit, into=tree.unit_b)


def test_code_and_tag_services_bump_it(people):
    with bumps():
        item = services_codes.codeitem_create(
            actor=people.sysadmin, table="RANK", code="X01", name="专项工作专员"
        )
    with bumps():
        services_codes.codeitem_update(actor=people.sysadmin, item=item, data={"name": "专项专员"})
    with bumps():
        a = services_codes.tag_create(actor=people.sysadmin, name="选调生")
    b = services_codes.tag_create(actor=people.sysadmin, name="定向选调生")
    people.cadre_a.tags.add(a)
    with bumps():
        services_codes.tag_merge(actor=people.sysadmin, tag=a, into=b)


def test_bulk_writes_bump_it(tree):
    """The demo's COPY (PostgreSQL) or bulk_create, queryset updates, bulk_update and raw SQL:
    none of them sends Django's signals, all of them are seen by the database's triggers."""
    with bumps():
        bulk.insert(Cadre, [new_cadre(tree.unit_a)])
    with bumps():
        Cadre.objects.filter(unit=tree.unit_a).update(post="副科长")
    cadre = Cadre.objects.get(unit=tree.unit_a)
    cadre.post = "科长"
    with bumps():
        Cadre.objects.bulk_update([cadre], ["post"])
    with bumps(), connection.cursor() as cursor:
        cursor.execute("UPDATE cadres_orgunit SET name = name WHERE id = %s", [tree.unit_a.pk])
    with bumps():
        Cadre.objects.filter(pk=cadre.pk).delete()


def test_the_demo_build_bumps_it(db):
    with bumps():
        registry.build(seed=7, cadre_count=150)


# --- nothing stale after a write ------------------------------------------------------------


def count_shown(response) -> int:
    return response.context["page"].paginator.count


def test_the_second_view_reads_the_count_and_figures_from_the_cache(login, people):
    client = login(people.org_admin)
    client.get(reverse("cadres:list"))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        list_page = client.get(reverse("cadres:list"))
        home = client.get(reverse("home"))
    assert count_shown(list_page) == 3 and home.context["total"] == 3
    assert not [q for q in ctx.captured_queries if 'COUNT("cadres_cadre"' in q["sql"]]
    assert not [
        q for q in ctx.captured_queries if 'COUNT(*) AS "__count" FROM "cadres_cadre"' in q["sql"]
    ]
    # The tag drop-down's list (the rows' own tags are read live with the rows).
    tag_lists = [q["sql"] for q in ctx.captured_queries if 'FROM "cadres_tag"' in q["sql"]]
    assert not [sql for sql in tag_lists if "cadres_cadre_tags" not in sql]


def test_a_new_cadre_shows_at_once_on_the_list_and_home(login, people):
    client = login(people.org_admin)
    assert count_shown(client.get(reverse("cadres:list"))) == 3
    assert client.get(reverse("home")).context["total"] == 3
    services.cadre_create(
        actor=people.org_admin,
        data=base_data(people.tree.unit_a),
    )
    response = client.get(reverse("cadres:list"))
    assert count_shown(response) == 4 and "赵敏" in response.content.decode()
    assert client.get(reverse("home")).context["total"] == 4
    # The filtered count too (a band of the home page, as its link asks for it).
    assert count_shown(client.get(reverse("cadres:list"), {"generation": "95"})) == 2


def test_a_bulk_insert_and_update_show_at_once(login, people):
    client = login(people.org_admin)
    rank = code(CodeTable.RANK, "R20")
    assert count_shown(client.get(reverse("cadres:list"), {"rank": rank.pk})) == 0
    bulk.insert(Cadre, [new_cadre(people.tree.unit_b)])
    assert count_shown(client.get(reverse("cadres:list"))) == 4
    Cadre.objects.filter(name="王强").update(rank=rank)
    assert count_shown(client.get(reverse("cadres:list"), {"rank": rank.pk})) == 1


def test_a_unit_move_changes_the_scope_at_once(login, people):
    """officer_a sees unit A's subtree; moving unit B under unit A brings 王强 into it."""
    client = login(people.officer_a)
    assert count_shown(client.get(reverse("cadres:list"))) == 2
    assert client.get(reverse("home")).context["total"] == 2
    services_units.orgunit_move(
        actor=people.sysadmin, unit=people.tree.unit_b, parent=people.tree.unit_a
    )
    response = client.get(reverse("cadres:list"))
    assert count_shown(response) == 3 and "王强" in response.content.decode()
    assert "区财政局" in response.content.decode()  # the unit drop-down has it now
    home = client.get(reverse("home"))
    assert home.context["total"] == 3 and home.context["unit_count"] == 3


def test_drop_downs_show_renamed_codes_units_and_new_tags_at_once(login, people):
    client = login(people.org_admin)
    html = client.get(reverse("cadres:list")).content.decode()
    assert "选调生" not in html
    rank = CodeItem.objects.of(CodeTable.RANK).first()
    services_codes.codeitem_update(
        actor=people.sysadmin, item=rank, data={"name": "新职级名称", "short_name": ""}
    )
    services_codes.tag_create(actor=people.sysadmin, name="选调生")
    services_units.orgunit_update(
        actor=people.sysadmin, unit=people.tree.unit_b, data={"name": "区财政局（新）"}
    )
    html = client.get(reverse("cadres:list")).content.decode()
    assert f'<option value="{rank.pk}" >新职级名称</option>' in html
    assert ">选调生</option>" in html
    assert "区财政局（新）</option>" in html


def test_each_scope_and_filter_has_its_own_count(login, people, client):
    assert count_shown(login(people.officer_b).get(reverse("cadres:list"))) == 1
    assert count_shown(login(people.org_admin).get(reverse("cadres:list"))) == 3
    assert count_shown(login(people.officer_a).get(reverse("cadres:list"))) == 2
    assert count_shown(client.get(reverse("cadres:list"), {"q": "zw"})) == 1
    # 张伟 (born 1995) is younger than 李娜 (born 1992): an age bound keys its own count.
    age = people.cadre_a.age_on(timezone.localdate())
    assert count_shown(client.get(reverse("cadres:list"), {"age_max": age})) == 1
    assert count_shown(client.get(reverse("cadres:list"), {"age_min": 200})) == 0  # refused


def test_a_query_reading_other_tables_is_not_cached(people):
    """A scope that reads tables the version does not cover (here the accounts table) is
    counted every time: the version cannot say when such a figure goes stale."""
    snapshot = Snapshot("cadres")
    through_users = Cadre.objects.filter(user__username="cadre")
    assert snapshot.count(through_users) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert snapshot.count(through_users) == 1
    assert len(ctx.captured_queries) == 1
    covered = Cadre.objects.filter(unit__name="区商务局")
    assert snapshot.count(covered) == 1
    with CaptureQueriesContext(connection) as ctx:
        assert snapshot.count(covered) == 1
    assert len(ctx.captured_queries) == 0


def test_an_emptied_database_is_not_cached(tree):
    """After a flush (a transactional test's teardown) the version row is gone until the next
    write: nothing is cached meanwhile."""
    ListVersion.objects.all().delete()
    assert not Snapshot("cadres").usable
    OrgUnitFactory.child(tree.root, "区审计局")
    assert Snapshot("cadres").usable
    assert OrgUnit.objects.count() == 5
