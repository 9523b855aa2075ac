"""The cadre list's rows: codes read in one query by id, not joined; the demo's fast inserts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingmiao.cadres.demo import bulk
from qingmiao.cadres.models import Cadre, CodeItem, CodeTable, ResumeEntry
from qingmiao.cadres.tests.factories import CadreFactory, code, make_id_number

pytestmark = pytest.mark.django_db


def _row_cells(response, name: str) -> list[str]:
    import re

    html = response.content.decode()
    row = next(r for r in html.split("<tr>") if f">{name}</a>" in r)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in row.split("<td")[1:]]


def test_row_shows_every_code_and_links_to_the_cadre(login, people):
    cadre = CadreFactory(
        name="林晓",
        unit=people.tree.unit_a,
        gender=code(CodeTable.GENDER, "2"),
        political_status=code(CodeTable.POLITICAL, "03"),
        fulltime_education=code(CodeTable.EDUCATION, "21"),
        fulltime_degree=code(CodeTable.DEGREE, "402"),
        rank=code(CodeTable.RANK, "R20"),
        post="副科长",
    )
    response = login(people.org_admin).get(reverse("cadres:list"), {"q": "林晓"})
    cells = _row_cells(response, "林晓")
    assert cells[0].endswith("林晓")
    assert f'href="/cadres/{cadre.pk}/"' in response.content.decode()
    assert reverse("cadres:detail", args=[cadre.pk]) == f"/cadres/{cadre.pk}/"
    assert cells[1].endswith("女")
    assert cells[2].endswith("1995.05")
    assert cells[4].endswith(
        code(CodeTable.EDUCATION, "21").form_name + "·" + code(CodeTable.DEGREE, "402").name
    )
    assert cells[5].endswith(code(CodeTable.POLITICAL, "03").short_name)
    assert cells[6].endswith(people.tree.unit_a.name)
    assert cells[8].endswith(code(CodeTable.RANK, "R20").name)


def test_codes_are_read_by_id_in_one_query_not_joined(login, people):
    for _ in range(5):
        CadreFactory(unit=people.tree.unit_a)
    client = login(people.org_admin)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cadres:list"))
    assert response.status_code == 200
    row_queries = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "cadres_cadre"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(row_queries) == 1
    assert "cadres_codeitem" not in row_queries[0]
    code_queries = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "cadres_codeitem"')
        and '"cadres_codeitem"."id" IN' in q["sql"]
    ]
    assert len(code_queries) == 1


def test_a_renamed_code_shows_on_the_next_page_view(login, people):
    """Nothing is cached between requests: a code renamed by the system admin shows at once."""
    CadreFactory(name="林晓", unit=people.tree.unit_a, rank=code(CodeTable.RANK, "R20"))
    client = login(people.org_admin)
    assert _row_cells(client.get(reverse("cadres:list")), "林晓")[8].endswith(
        code(CodeTable.RANK, "R20").name
    )
    CodeItem.objects.filter(table=CodeTable.RANK, code="R20").update(name="新职级名称")
    assert _row_cells(client.get(reverse("cadres:list")), "林晓")[8].endswith("新职级名称")


def test_sorted_by_unit_and_rank_the_rows_keep_their_codes(login, people):
    CadreFactory(name="甲", unit=people.tree.unit_b, rank=code(CodeTable.RANK, "R22"))
    CadreFactory(name="乙", unit=people.tree.unit_a, rank=code(CodeTable.RANK, "R16"))
    client = login(people.org_admin)
    for sort in ("unit", "-unit", "rank", "-rank"):
        response = client.get(reverse("cadres:list"), {"sort": sort})
        names = [c.name for c in response.context["page"].object_list]
        assert {"甲", "乙"} <= set(names)
        assert _row_cells(response, "甲")[8].endswith(code(CodeTable.RANK, "R22").name)


def test_bulk_insert_sets_keys_and_writes_every_value(tree):
    """The demo's insert (COPY on PostgreSQL, bulk_create elsewhere) writes what bulk_create
    would: every field, the encrypted ID number, and keys that related rows can point at."""
    born = datetime.date(1994, 3, 9)
    cadres = []
    for i in range(3):
        cadre = Cadre(
            name=f"批量{i}",
            name_pinyin=f"piliang{i}",
            gender=code(CodeTable.GENDER, "1"),
            birth_date=born,
            unit=tree.unit_a,
            post="科员",
            rank=code(CodeTable.RANK, "R21"),
            fulltime_degree=None,
        )
        cadre.id_number = make_id_number(born, seq=101 + 2 * i)
        cadres.append(cadre)
    bulk.insert(Cadre, cadres)
    assert all(c.pk for c in cadres) and len({c.pk for c in cadres}) == 3
    bulk.insert(
        ResumeEntry,
        [ResumeEntry(cadre_id=c.pk, start_date=born, content="学习", sort=0) for c in cadres],
    )
    for i, cadre in enumerate(cadres):
        saved = Cadre.objects.get(pk=cadre.pk)
        assert saved.name == f"批量{i}"
        assert saved.birth_date == born
        assert saved.unit_id == tree.unit_a.pk
        assert saved.fulltime_degree_id is None
        assert saved.id_number == make_id_number(born, seq=101 + 2 * i)
        assert saved.resume_entries.get().content == "学习"
    # The table's own sequence moved past the inserted keys: a later ordinary save works.
    later = CadreFactory(unit=tree.unit_a)
    assert later.pk > max(c.pk for c in cadres)


def test_unit_drop_down_keeps_the_chosen_unit_indented(login, people):
    response = login(people.org_admin).get(reverse("cadres:list"), {"unit": people.tree.unit_a.pk})
    html = response.content.decode()
    unit = people.tree.unit_a
    label = "\u3000" * (unit.depth - 1) + unit.name
    assert f'<option value="{unit.pk}" selected>{label}</option>' in html
    assert f'<option value="{people.tree.unit_b.pk}" >' in html


def test_drop_downs_keep_the_choice_and_read_codes_and_tags_in_two_queries(login, people):
    from qingmiao.cadres.models import Tag

    tag = Tag.objects.create(name="选调生")
    Tag.objects.create(name="外地户籍")
    rank = code(CodeTable.RANK, "R20")
    retired = code(CodeTable.RANK, "R16")
    CodeItem.objects.filter(pk=retired.pk).update(is_active=False)
    client = login(people.org_admin)
    query = {"rank": rank.pk, "tag": tag.pk, "generation": "90", "political_status": ""}
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cadres:list"), query)
    html = response.content.decode()
    assert f'<option value="{rank.pk}" selected>{rank.short_name or rank.name}</option>' in html
    assert f'<option value="{retired.pk}"' not in html
    assert f'<option value="{tag.pk}" selected>选调生</option>' in html
    assert '<option value="90" selected>90后</option>' in html
    assert '<option value="95" >95后</option>' in html
    # "全部" is chosen only where the filter was sent empty.
    assert html.count('<option value="" selected>全部</option>') == 1
    assert 'for="id_tag">标签</label>' in html and 'name="tag"' in html
    choice_reads = [
        q["sql"]
        for q in ctx.captured_queries
        if ('FROM "cadres_tag"' in q["sql"] and "cadres_cadre_tags" not in q["sql"])
        or ('FROM "cadres_codeitem"' in q["sql"] and '"cadres_codeitem"."id" IN' not in q["sql"])
    ]
    assert not [q for q in choice_reads if "COUNT(" in q or q.startswith("DECLARE")]
    # The form looks the chosen rank and tag up (LIMIT 21); each list is read once.
    lists = [q for q in choice_reads if "LIMIT" not in q]
    assert len([q for q in lists if 'FROM "cadres_codeitem"' in q]) == 1
    assert len([q for q in lists if 'FROM "cadres_tag"' in q]) == 1


def test_row_values_are_escaped_and_tags_shown(login, people):
    from qingmiao.cadres.models import Tag

    cadre = CadreFactory(name="<b>林</b>", unit=people.tree.unit_a, post='科长"&<i>')
    cadre.tags.set([Tag.objects.create(name="<选调生>")])
    html = login(people.org_admin).get(reverse("cadres:list")).content.decode()
    assert "&lt;b&gt;林&lt;/b&gt;</a>" in html and "<b>林</b>" not in html
    assert 'title="科长&quot;&amp;&lt;i&gt;">科长&quot;&amp;&lt;i&gt;</td>' in html
    assert '<span class="badge text-bg-secondary me-1">&lt;选调生&gt;</span>' in html
