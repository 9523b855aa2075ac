"""Every cadre page and the home page, for every persona: allowed, forbidden, out of scope.

cadre_a is 张伟 (unit A, linked to the cadre_user account, ID 110105199505121232), cadre_a2 is
李娜 (unit A's section), cadre_b is 王强 (unit B). See conftest.py.
"""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingmiao.accounts.models import AuditEntry
from qingmiao.accounts.roles import Role
from qingmiao.accounts.tests.factories import UserFactory
from qingmiao.cadres.models import (
    Appraisal,
    Cadre,
    CodeTable,
    FamilyMember,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from qingmiao.cadres.tests.factories import CadreFactory, code

pytestmark = pytest.mark.django_db

# 110105 19950512 123 + check character. Weighted sum of the first 17 digits
# (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) is 208; 208 mod 11 = 10 → "2".
ZHANG_WEI_ID = "110105199505121232"
ZHANG_WEI_ID_MASKED = "110105********1232"

FORBIDDEN = "无权访问"
NOT_FOUND = "页面不存在或不在您的管理范围内"


def page_names(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def audit(action: str):
    return AuditEntry.objects.filter(action=action).order_by("id")


def login_url(next_path: str) -> str:
    from urllib.parse import quote

    return f"{reverse('accounts:login')}?next={quote(next_path)}"


# --- anonymous ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("home", []),
        ("search", []),
        ("cadres:list", []),
        ("cadres:create", []),
        ("cadres:detail", ["a"]),
        ("cadres:edit", ["a"]),
        ("cadres:photo", ["a"]),
        ("cadres:section", ["a", "resume"]),
        ("cadres:units", []),
    ],
)
def test_anonymous_is_sent_to_login(client, people, name, args):
    args = [people.cadre_a.pk if a == "a" else a for a in args]
    path = reverse(name, args=args)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == login_url(path)


def test_anonymous_delete_is_sent_to_login_and_deletes_nothing(client, people):
    path = reverse("cadres:delete", args=[people.cadre_a.pk])
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == login_url(path)
    assert Cadre.objects.filter(pk=people.cadre_a.pk).exists()


# --- home -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, total, units, bands",
    [
        ("org_admin", 3, 4, [("85后", 1), ("90后", 1), ("95后", 1)]),
        ("leader", 3, 4, [("85后", 1), ("90后", 1), ("95后", 1)]),
        ("officer_a", 2, 2, [("90后", 1), ("95后", 1)]),
        ("officer_b", 1, 1, [("85后", 1)]),
    ],
)
def test_home_dashboard_counts_the_scope(login, people, persona, total, units, bands):
    response = login(getattr(people, persona)).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "home.html"
    assert response.context["total"] == total
    assert response.context["unit_count"] == units
    assert response.context["bands"] == bands
    content = response.content.decode()
    for label, n in bands:
        value = label[:2]
        assert (
            f'<td>{label}</td><td class="text-end"><a href="/cadres/?generation={value}">{n}</a>'
            in (content)
        )
    # All three cadres hold a 硕士研究生毕业 (GB/T 4658 14) full-time degree → 研究生.
    assert response.context["education"] == [("研究生", total)]
    assert f'data-testid="stat-total">{total}<' in response.content.decode()


def test_home_for_a_cadre_opens_their_own_record(login, people):
    response = login(people.cadre_user).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[people.cadre_a.pk])


def test_home_for_a_rater_is_their_scoring_tasks(login, people):
    response = login(people.rater).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:rater_tasks")


@pytest.mark.parametrize("persona", ["mentor", "inspector"])
def test_home_for_task_roles_is_the_task_list(login, people, persona):
    response = login(getattr(people, persona)).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "home_tasks.html"
    content = response.content.decode()
    assert "我的待办" in content
    assert "张伟" not in content


@pytest.mark.parametrize(
    "persona, link", [("sysadmin", "/system/units/"), ("secadmin", "/system/users/")]
)
def test_home_for_admin_roles_is_the_admin_menu(login, people, persona, link):
    response = login(getattr(people, persona)).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "home_admin.html"
    content = response.content.decode()
    assert "不能查看干部档案和审计日志" in content
    assert f'href="{link}"' in content
    assert "张伟" not in content


def test_home_for_the_auditor_is_the_audit_log(login, people):
    response = login(people.auditor).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:audit")


# --- list -----------------------------------------------------------------------------------

# Default order is by pinyin: li na < wang qiang < zhang wei.
LIST_SCOPE = {
    "org_admin": ["李娜", "王强", "张伟"],
    "leader": ["李娜", "王强", "张伟"],
    "officer_a": ["李娜", "张伟"],
    "officer_b": ["王强"],
    "cadre_user": ["张伟"],
    "mentor": [],
}
NO_CADRE_ACCESS = ["rater", "inspector", "sysadmin", "secadmin", "auditor"]


@pytest.mark.parametrize("persona, expected", LIST_SCOPE.items())
def test_list_shows_exactly_the_cadres_in_scope(login, people, persona, expected):
    response = login(getattr(people, persona)).get(reverse("cadres:list"))
    assert response.status_code == 200
    assert page_names(response) == expected
    content = response.content.decode()
    assert f"共 {len(expected)} 人" in content
    for name in ["张伟", "李娜", "王强"]:
        assert (f'class="fw-semibold">{name}</a>' in content) == (name in expected)
    if not expected:
        assert "没有符合条件的干部。" in content


@pytest.mark.parametrize("persona", NO_CADRE_ACCESS)
def test_list_is_forbidden_without_the_capability(login, people, persona):
    response = login(getattr(people, persona)).get(reverse("cadres:list"))
    assert response.status_code == 403
    content = response.content.decode()
    assert FORBIDDEN in content
    assert "张伟" not in content


def test_list_shows_the_new_button_only_to_writers(login, people):
    new = reverse("cadres:create")
    assert new in login(people.officer_a).get(reverse("cadres:list")).content.decode()
    assert new not in login(people.leader).get(reverse("cadres:list")).content.decode()


def test_list_htmx_request_gets_only_the_rows(login, people):
    response = login(people.officer_a).get(reverse("cadres:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "cadres/cadre_rows.html"
    content = response.content.decode()
    assert "<html" not in content
    assert 'fw-semibold">张伟<' in content
    assert 'fw-semibold">李娜<' in content
    assert 'fw-semibold">王强<' not in content


def test_list_runs_a_constant_number_of_queries(login, people):
    tag = Tag.objects.create(name="后备干部")
    for i in range(60):
        cadre = CadreFactory(unit=people.tree.unit_a, birth_date=datetime.date(1990, 1, 1 + i % 28))
        cadre.tags.add(tag)
    client = login(people.org_admin)
    url = reverse("cadres:list")
    client.get(url)  # warm per-process caches (content types, translations)
    counts = {}
    rows = {}
    for size in (20, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"page_size": size})
        assert response.status_code == 200
        counts[size] = len(ctx.captured_queries)
        rows[size] = len(response.context["page"].object_list)
    assert rows == {20: 20, 100: 63}
    assert counts[20] == counts[100]


def test_unknown_page_size_falls_back_to_twenty(login, people):
    for _ in range(25):
        CadreFactory(unit=people.tree.unit_a)
    response = login(people.org_admin).get(reverse("cadres:list"), {"page_size": "7"})
    assert response.context["page_size"] == 20
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 28


@pytest.mark.parametrize("q", ["zw", "zhangwei", "ZhangWei", "zhang wei", "张伟", "张"])
def test_list_search_finds_zhang_wei(login, people, q):
    response = login(people.org_admin).get(reverse("cadres:list"), {"q": q})
    assert page_names(response) == ["张伟"]


@pytest.mark.parametrize("q, expected", [("l", ["李娜"]), ("w", ["王强"]), ("wei", [])])
def test_list_search_is_a_prefix_match(login, people, q, expected):
    response = login(people.org_admin).get(reverse("cadres:list"), {"q": q})
    assert page_names(response) == expected


def test_list_search_stays_inside_the_scope(login, people):
    response = login(people.officer_b).get(reverse("cadres:list"), {"q": "张伟"})
    assert page_names(response) == []


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


@pytest.fixture
def ages(people):
    """Four cadres around the 30/31 boundary, placed in the section so org_admin sees them."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=1)
    if (soon.month, soon.day) == (2, 29):
        soon += datetime.timedelta(days=1)
    unit = people.tree.section_a
    return {
        # Birthday today: exactly 30 today.
        "thirty_today": CadreFactory(name="甲", unit=unit, birth_date=_years_before(today, 30)),
        # 30th birthday still to come: 29.
        "twenty_nine": CadreFactory(name="乙", unit=unit, birth_date=_years_before(soon, 30)),
        # 31st birthday still to come: 30.
        "thirty_soon": CadreFactory(name="丙", unit=unit, birth_date=_years_before(soon, 31)),
        # Birthday today: exactly 31 today.
        "thirty_one": CadreFactory(name="丁", unit=unit, birth_date=_years_before(today, 31)),
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"age_min": 30, "age_max": 30}, ["丙", "甲"]),
        ({"age_min": 31, "age_max": 31}, ["丁"]),
        ({"age_min": 29, "age_max": 29}, ["乙"]),
        ({"age_min": 30, "age_max": 31}, ["丙", "丁", "甲"]),
        ({"age_min": 29, "age_max": 30}, ["丙", "甲", "乙"]),
        ({"age_max": 29}, ["乙"]),
        # 李娜 (born 1992-03-01) shares the section and is over 31 from 2023-03-01 on.
        ({"age_min": 31}, ["丁", "李娜"]),
    ],
)
def test_list_age_filter_boundaries(login, people, ages, params, expected):
    params = {**params, "unit": people.tree.section_a.pk}
    response = login(people.org_admin).get(reverse("cadres:list"), params)
    assert response.status_code == 200
    # pinyin order: bing (丙), ding (丁), jia (甲), li na (李娜), yi (乙)
    assert page_names(response) == expected


def test_list_shows_the_age_computed_today(login, people, ages):
    response = login(people.org_admin).get(
        reverse("cadres:list"), {"unit": people.tree.section_a.pk}
    )
    today = timezone.localdate()
    li_na = today.year - 1992 - (1 if (today.month, today.day) < (3, 1) else 0)
    shown = {c.name: c.age for c in response.context["page"].object_list}
    assert shown == {"丙": 30, "丁": 31, "甲": 30, "乙": 29, "李娜": li_na}


@pytest.fixture
def educated(people):
    """Cadres whose highest 学历 differs from their full-time one (GB/T 4658 codes)."""
    unit = people.tree.unit_b
    edu = lambda c: code(CodeTable.EDUCATION, c)  # noqa: E731
    return [
        # 本科 full-time, 硕士 in service → highest 研究生
        CadreFactory(
            name="研甲", unit=unit, fulltime_education=edu("21"), inservice_education=edu("14")
        ),
        # 专科 full-time, 本科 in service → highest 大学本科
        CadreFactory(
            name="本乙", unit=unit, fulltime_education=edu("31"), inservice_education=edu("21")
        ),
        # 专科 only
        CadreFactory(name="专丙", unit=unit, fulltime_education=edu("31")),
        # 中专 only
        CadreFactory(name="中丁", unit=unit, fulltime_education=edu("41")),
        # no full-time record, 中专 in service → highest 中专
        CadreFactory(
            name="中戊", unit=unit, fulltime_education=None, inservice_education=edu("41")
        ),
    ]


@pytest.mark.parametrize(
    "level, expected",
    [
        ("1", ["王强", "研甲"]),  # 王强 holds the factory's 硕士 (14)
        ("2", ["本乙"]),
        ("3", ["专丙"]),
        ("4", ["中丁", "中戊"]),
    ],
)
def test_list_education_filter_uses_the_highest_level(login, people, educated, level, expected):
    response = login(people.officer_b).get(reverse("cadres:list"), {"education": level})
    assert response.status_code == 200
    assert sorted(page_names(response)) == sorted(expected)


def test_list_political_status_filter(login, people):
    masses = code(CodeTable.POLITICAL, "13")
    CadreFactory(name="群众甲", unit=people.tree.unit_a, political_status=masses)
    response = login(people.org_admin).get(reverse("cadres:list"), {"political_status": masses.pk})
    assert page_names(response) == ["群众甲"]


def test_list_rank_filter(login, people):
    rank = code(CodeTable.RANK, "R18")  # 二级主任科员
    people.cadre_b.rank = rank
    people.cadre_b.save()
    response = login(people.org_admin).get(reverse("cadres:list"), {"rank": rank.pk})
    assert page_names(response) == ["王强"]
    assert "二级主任科员" in response.content.decode()


def test_list_tag_filter(login, people):
    tag = Tag.objects.create(name="选调生")
    people.cadre_a2.tags.add(tag)
    response = login(people.org_admin).get(reverse("cadres:list"), {"tag": tag.pk})
    assert page_names(response) == ["李娜"]


@pytest.mark.parametrize(
    "unit, expected",
    [("unit_a", ["李娜", "张伟"]), ("section_a", ["李娜"]), ("unit_b", ["王强"]), ("root", None)],
)
def test_list_unit_filter_takes_the_subtree(login, people, unit, expected):
    if expected is None:
        expected = ["李娜", "王强", "张伟"]
    unit_pk = getattr(people.tree, unit).pk
    response = login(people.org_admin).get(reverse("cadres:list"), {"unit": unit_pk})
    assert page_names(response) == expected


def test_list_unit_filter_outside_scope_is_refused(login, people):
    response = login(people.officer_a).get(reverse("cadres:list"), {"unit": people.tree.unit_b.pk})
    assert response.status_code == 200
    assert page_names(response) == []
    assert "unit" in response.context["filter"].errors


@pytest.mark.parametrize(
    "generation, expected", [("95", ["张伟"]), ("90", ["李娜"]), ("85", ["王强"]), ("00", [])]
)
def test_list_generation_filter(login, people, generation, expected):
    response = login(people.org_admin).get(reverse("cadres:list"), {"generation": generation})
    assert page_names(response) == expected


def test_list_generation_links_on_home_give_the_same_counts(login, people):
    """Each 年龄段 row on the home page links to a list of exactly that many people."""
    CadreFactory(name="新人", unit=people.tree.unit_a, birth_date=datetime.date(2003, 4, 1))
    CadreFactory(name="老将", unit=people.tree.unit_a, birth_date=datetime.date(1978, 4, 1))
    client = login(people.org_admin)
    bands = client.get("/").context["bands"]
    rows = client.get("/").context["band_rows"]
    assert bands == [("80前", 1), ("85后", 1), ("90后", 1), ("95后", 1), ("00后", 1)]
    assert [(label, value) for label, value, _n in rows] == [
        ("80前", "70"),
        ("85后", "85"),
        ("90后", "90"),
        ("95后", "95"),
        ("00后", "00"),
    ]
    for _label, value, count in rows:
        response = client.get(reverse("cadres:list"), {"generation": value})
        assert response.context["page"].paginator.count == count, value


@pytest.mark.parametrize(
    "sort, expected",
    [("birth_date", ["王强", "李娜", "张伟"]), ("-birth_date", ["张伟", "李娜", "王强"])],
)
def test_list_sorts_by_birth_date(login, people, sort, expected):
    response = login(people.org_admin).get(reverse("cadres:list"), {"sort": sort})
    assert page_names(response) == expected


def test_list_filters_combine(login, people):
    response = login(people.org_admin).get(
        reverse("cadres:list"), {"unit": people.tree.unit_a.pk, "sort": "-birth_date", "q": "l"}
    )
    assert page_names(response) == ["李娜"]


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["张伟", "zw", "zhangwei"])
def test_search_with_one_match_opens_the_record(login, people, q):
    response = login(people.officer_a).get(reverse("search"), {"q": q})
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[people.cadre_a.pk])


@pytest.mark.parametrize(
    "persona, opens",
    [
        ("org_admin", "cadre_a"),
        ("leader", "cadre_a"),
        ("officer_a", "cadre_a"),
        ("cadre_user", "cadre_a"),
        ("officer_b", None),
        ("mentor", None),
    ],
)
def test_search_for_zhang_wei_by_persona(login, people, persona, opens):
    response = login(getattr(people, persona)).get(reverse("search"), {"q": "zw"})
    assert response.status_code == 302
    if opens:
        assert response["Location"] == reverse("cadres:detail", args=[people.cadre_a.pk])
    else:
        assert response["Location"] == reverse("cadres:list") + "?q=zw"


def test_search_with_several_matches_opens_the_list(login, people):
    CadreFactory(name="张伟", unit=people.tree.section_a, birth_date=datetime.date(1996, 1, 1))
    client = login(people.officer_a)
    response = client.get(reverse("search"), {"q": "zw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:list") + "?q=zw"
    assert page_names(client.get(response["Location"])) == ["张伟", "张伟"]


def test_search_outside_scope_finds_nothing(login, people):
    client = login(people.officer_b)
    response = client.get(reverse("search"), {"q": "张伟"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:list") + "?q=%E5%BC%A0%E4%BC%9F"
    assert page_names(client.get(response["Location"])) == []


def test_search_for_a_mentor_finds_nothing(login, people):
    client = login(people.mentor)
    response = client.get(reverse("search"), {"q": "zw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:list") + "?q=zw"


@pytest.mark.parametrize("persona", NO_CADRE_ACCESS)
def test_search_is_forbidden_without_the_capability(login, people, persona):
    response = login(getattr(people, persona)).get(reverse("search"), {"q": "张伟"})
    assert response.status_code == 403
    assert FORBIDDEN in response.content.decode()


# --- detail ---------------------------------------------------------------------------------


@pytest.fixture
def family(people):
    return FamilyMember.objects.create(
        cadre=people.cadre_a,
        relation=code(CodeTable.RELATION, "10"),
        name="张建国",
        birth_date=datetime.date(1968, 3, 1),
    )


@pytest.mark.parametrize("persona", ["org_admin", "officer_a", "cadre_user"])
def test_detail_shows_the_id_number_and_records_the_view(login, people, family, persona):
    user = getattr(people, persona)
    response = login(user).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-testid="id-number">{ZHANG_WEI_ID}' in content
    assert "张建国" in content
    assert "已脱敏" not in content
    entries = list(audit("cadres.sensitive.viewed"))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == user
    assert entry.actor_role == user.role
    assert entry.object_type == "cadres.cadre"
    assert entry.object_id == str(people.cadre_a.pk)
    assert entry.extra == {"fields": ["id_number", "family_members"], "channel": "page"}
    assert entry.ip_address == "127.0.0.1"


def test_detail_for_the_leader_is_masked_without_family(login, people, family):
    people.cadre_a.phone = "13912345678"
    people.cadre_a.save()
    response = login(people.leader).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'data-testid="id-number">{ZHANG_WEI_ID_MASKED} ' in content
    assert ZHANG_WEI_ID not in content
    assert "已脱敏" in content
    assert 'data-testid="family-hidden"' in content
    assert "张建国" not in content
    assert "139****5678" in content
    assert "13912345678" not in content
    assert not audit("cadres.sensitive.viewed").exists()
    # No edit or delete controls for a read-only role.
    assert reverse("cadres:edit", args=[people.cadre_a.pk]) not in content
    assert reverse("cadres:delete", args=[people.cadre_a.pk]) not in content


def test_detail_without_id_number_records_only_family(login, people):
    response = login(people.officer_a).get(reverse("cadres:detail", args=[people.cadre_a2.pk]))
    assert response.status_code == 200
    assert 'data-testid="id-number">—' in response.content.decode()
    assert audit("cadres.sensitive.viewed").get().extra == {
        "fields": ["family_members"],
        "channel": "page",
    }


def test_detail_shows_the_record(login, people):
    ResumeEntry.objects.create(
        cadre=people.cadre_a,
        start_date=datetime.date(2013, 9, 1),
        end_date=datetime.date(2017, 7, 1),
        content="北京大学经济学院学习",
    )
    Appraisal.objects.create(cadre=people.cadre_a, year=2024, result="excellent")
    response = login(people.org_admin).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    content = response.content.decode()
    assert 'data-testid="cadre-name">张伟 ' in content
    assert "区商务局 · 科员 · 一级科员" in content
    assert "2013.09--2017.07" in content
    assert "北京大学经济学院学习" in content
    assert "2024年度优秀" in content
    assert "1995.05" in content
    # Edit and delete are offered to org_admin.
    assert reverse("cadres:edit", args=[people.cadre_a.pk]) in content
    assert reverse("cadres:delete", args=[people.cadre_a.pk]) in content


@pytest.mark.parametrize(
    "persona, cadre",
    [
        ("officer_a", "cadre_b"),
        ("officer_b", "cadre_a"),
        ("officer_b", "cadre_a2"),
        ("cadre_user", "cadre_a2"),
        ("cadre_user", "cadre_b"),
        ("mentor", "cadre_a"),
    ],
)
def test_detail_outside_scope_is_not_found(login, people, persona, cadre):
    response = login(getattr(people, persona)).get(
        reverse("cadres:detail", args=[getattr(people, cadre).pk])
    )
    assert response.status_code == 404
    content = response.content.decode()
    assert NOT_FOUND in content
    assert getattr(people, cadre).name not in content
    assert not audit("cadres.sensitive.viewed").exists()


def test_detail_of_a_missing_id_is_not_found(login, people):
    response = login(people.org_admin).get(reverse("cadres:detail", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", NO_CADRE_ACCESS)
def test_detail_is_forbidden_without_the_capability(login, people, persona):
    response = login(getattr(people, persona)).get(
        reverse("cadres:detail", args=[people.cadre_a.pk])
    )
    assert response.status_code == 403
    assert "张伟" not in response.content.decode()


# --- photo ----------------------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def photo(people, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    data = _png()
    people.cadre_a.photo.save("zhangwei.png", ContentFile(data), save=True)
    return data


@pytest.mark.parametrize("persona", ["org_admin", "officer_a", "leader", "cadre_user"])
def test_photo_is_served_through_the_scoped_view(login, people, photo, persona):
    response = login(getattr(people, persona)).get(
        reverse("cadres:photo", args=[people.cadre_a.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == photo
    assert "no-store" in response["Cache-Control"]
    response.close()


@pytest.mark.parametrize("persona", ["officer_b", "mentor"])
def test_photo_outside_scope_is_not_found(login, people, photo, persona):
    response = login(getattr(people, persona)).get(
        reverse("cadres:photo", args=[people.cadre_a.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", NO_CADRE_ACCESS)
def test_photo_is_forbidden_without_the_capability(login, people, photo, persona):
    response = login(getattr(people, persona)).get(
        reverse("cadres:photo", args=[people.cadre_a.pk])
    )
    assert response.status_code == 403


def test_photo_of_a_record_without_photo_is_not_found(login, people):
    response = login(people.org_admin).get(reverse("cadres:photo", args=[people.cadre_b.pk]))
    assert response.status_code == 404


def test_detail_links_the_photo(login, people, photo):
    response = login(people.officer_a).get(reverse("cadres:detail", args=[people.cadre_a.pk]))
    assert f'<img src="{reverse("cadres:photo", args=[people.cadre_a.pk])}"' in (
        response.content.decode()
    )


# --- edit -----------------------------------------------------------------------------------


def edit_data(people, **changes) -> dict:
    """The edit form as 张伟's record stands, written out field by field, plus `changes`."""
    data = {
        "version": "1",
        "name": "张伟",
        "gender": code(CodeTable.GENDER, "1").pk,
        "ethnicity": code(CodeTable.ETHNICITY, "01").pk,
        "birth_date": "1995-05-12",
        "id_number": ZHANG_WEI_ID,
        "political_status": code(CodeTable.POLITICAL, "01").pk,
        "work_start_date": "2020.07",
        "hire_date": "2020.08",
        "fulltime_education": code(CodeTable.EDUCATION, "14").pk,
        "fulltime_degree": code(CodeTable.DEGREE, "302").pk,
        "unit": people.tree.unit_a.pk,
        "post": "科员",
        "rank": code(CodeTable.RANK, "R21").pk,
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", ["org_admin", "officer_a"])
def test_edit_form_opens_prefilled(login, people, persona):
    response = login(getattr(people, persona)).get(reverse("cadres:edit", args=[people.cadre_a.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "编辑档案：张伟" in content
    assert f'value="{ZHANG_WEI_ID}"' in content
    assert 'value="2020.07"' in content
    assert 'name="version" value="1"' in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "persona, cadre",
    [("officer_a", "cadre_b"), ("officer_b", "cadre_a"), ("officer_b", "cadre_a2")],
)
def test_edit_outside_scope_is_not_found(login, people, persona, cadre):
    target = getattr(people, cadre)
    client = login(getattr(people, persona))
    url = reverse("cadres:edit", args=[target.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"name": "改名", "version": "1"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.version == 1
    assert not audit("cadres.record.updated").exists()


@pytest.mark.parametrize("persona", ["leader", "cadre_user", "mentor", *NO_CADRE_ACCESS])
def test_edit_is_forbidden_without_the_capability(login, people, persona):
    client = login(getattr(people, persona))
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(people, post="组长")).status_code == 403
    people.cadre_a.refresh_from_db()
    assert people.cadre_a.post == "科员"


def test_valid_edit_saves_and_audits_the_change(login, people):
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    response = login(people.officer_a).post(url, edit_data(people, post="副科长"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[people.cadre_a.pk])
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.post == "副科长"
    assert cadre.version == 2
    assert cadre.id_number == ZHANG_WEI_ID
    entry = audit("cadres.record.updated").get()
    assert entry.actor == people.officer_a
    assert entry.object_id == str(cadre.pk)
    assert entry.object_repr == "张伟"
    assert entry.changes == {"post": {"before": "科员", "after": "副科长"}}


def test_edit_of_a_code_and_a_month_date_is_audited_by_name(login, people):
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    response = login(people.org_admin).post(
        url,
        edit_data(
            people,
            political_status=code(CodeTable.POLITICAL, "03").pk,
            rank_date="202301",
        ),
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.rank_date == datetime.date(2023, 1, 1)
    assert audit("cadres.record.updated").get().changes == {
        "political_status": {"before": "中共党员", "after": "共青团员"},
        "rank_date": {"before": None, "after": "2023-01-01"},
    }


def test_edit_of_the_id_number_audits_only_masked_values(login, people):
    # 110105 19950512 135: weighted sum 216, 216 mod 11 = 7 → "5"; 17th digit 5 → male
    new_id = "110105199505121355"
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    response = login(people.officer_a).post(url, edit_data(people, id_number=new_id))
    assert response.status_code == 302
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.id_number == new_id
    entry = audit("cadres.record.updated").get()
    assert entry.changes == {
        "id_number": {"before": ZHANG_WEI_ID_MASKED, "after": "110105********1355"}
    }


def test_edit_moving_a_cadre_out_of_the_editors_unit_is_refused(login, people):
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    response = login(people.officer_a).post(url, edit_data(people, unit=people.tree.unit_b.pk))
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == people.tree.unit_a


INVALID_EDITS = [
    pytest.param(
        {"id_number": "110105199505121233"},
        "id_number",
        "身份证号码校验位错误，请核对。",
        id="id-checksum",
    ),
    pytest.param(
        {"work_start_date": "1990.13"},
        "work_start_date",
        "日期格式不正确，请填写如 1990.05、199005 或 1990-05-12。",
        id="month-13",
    ),
    pytest.param(
        {"hire_date": "2019.12"},
        "hire_date",
        "录用时间不能早于参加工作时间。",
        id="hire-before-work",
    ),
    pytest.param(
        {"gender": "female"},
        "gender",
        "性别与身份证号码（第 17 位）不一致。",
        id="gender-vs-id",
    ),
    pytest.param(
        {"birth_date": "1995-06-12"},
        "id_number",
        "身份证号码中的出生日期（1995.05.12）与出生年月（1995.06）不一致。",
        id="id-birth-date",
    ),
    pytest.param(
        {"party_join_date": "1994.01"},
        "party_join_date",
        "不能早于出生年月。",
        id="party-before-birth",
    ),
    pytest.param(
        {"phone": "139-abc"},
        "phone",
        "联系电话只能包含数字和“-”。",
        id="phone",
    ),
]


@pytest.mark.parametrize("changes, field, message", INVALID_EDITS)
def test_invalid_edit_shows_the_field_message_and_saves_nothing(
    login, people, changes, field, message
):
    if changes.get("gender") == "female":
        changes = {"gender": code(CodeTable.GENDER, "2").pk}
    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    response = login(people.officer_a).post(url, edit_data(people, post="副科长", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    content = response.content.decode()
    assert f'data-field="{field}">{message}</div>' in content
    assert "请更正下列标红的内容。" in content
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.post == "科员"
    assert cadre.version == 1
    assert cadre.birth_date == datetime.date(1995, 5, 12)
    assert cadre.id_number == ZHANG_WEI_ID
    assert cadre.gender.code == "1"
    assert cadre.hire_date == datetime.date(2020, 8, 1)
    assert not audit("cadres.record.updated").exists()


def test_stale_edit_is_refused_and_keeps_the_other_change(login, client, people):
    from django.test import Client

    url = reverse("cadres:edit", args=[people.cadre_a.pk])
    officer = login(people.officer_a)
    opened = officer.get(url)
    assert 'name="version" value="1"' in opened.content.decode()

    other = Client()
    other.force_login(people.org_admin)
    assert other.post(url, edit_data(people, post="副科长")).status_code == 302

    response = officer.post(url, edit_data(people, version="1", phone="010-12345678"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该档案已被他人修改，请刷新后重新编辑。"]
    assert "该档案已被他人修改，请刷新后重新编辑。" in response.content.decode()
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.post == "副科长"
    assert cadre.phone == ""
    assert cadre.version == 2
    updates = list(audit("cadres.record.updated"))
    assert [e.actor for e in updates] == [people.org_admin]


# --- create ---------------------------------------------------------------------------------


def create_data(people, **changes) -> dict:
    birth = datetime.date(1998, 11, 3)
    # 110105 19981103 246 → weighted sum 205, 205 mod 11 = 7 → "5"; 17th digit 6 → female
    data = {
        "version": "1",
        "name": "赵敏",
        "gender": code(CodeTable.GENDER, "2").pk,
        "ethnicity": code(CodeTable.ETHNICITY, "01").pk,
        "birth_date": birth.isoformat(),
        "id_number": "110105199811032465",
        "political_status": code(CodeTable.POLITICAL, "03").pk,
        "work_start_date": "2021.07",
        "hire_date": "2021.08",
        "fulltime_education": code(CodeTable.EDUCATION, "21").pk,
        "unit": people.tree.unit_b.pk,
        "post": "科员",
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", ["org_admin", "officer_a", "officer_b"])
def test_create_form_offers_only_units_in_scope(login, people, persona):
    response = login(getattr(people, persona)).get(reverse("cadres:create"))
    assert response.status_code == 200
    units = [u.name for u in response.context["form"].fields["unit"].queryset]
    expected = {
        "org_admin": ["中共测试区委组织部", "区商务局", "综合科", "区财政局"],
        "officer_a": ["区商务局", "综合科"],
        "officer_b": ["区财政局"],
    }[persona]
    assert units == expected


@pytest.mark.parametrize("persona", ["leader", "cadre_user", "mentor", *NO_CADRE_ACCESS])
def test_create_is_forbidden_without_the_capability(login, people, persona):
    client = login(getattr(people, persona))
    assert client.get(reverse("cadres:create")).status_code == 403
    assert client.post(reverse("cadres:create"), create_data(people)).status_code == 403
    assert not Cadre.objects.filter(name="赵敏").exists()


def test_create_saves_and_audits_with_a_masked_id(login, people):
    response = login(people.officer_b).post(reverse("cadres:create"), create_data(people))
    cadre = Cadre.objects.get(name="赵敏")
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[cadre.pk])
    assert cadre.id_number == "110105199811032465"
    assert cadre.name_pinyin == "zhaomin"
    assert cadre.name_initials == "zm"
    assert cadre.unit == people.tree.unit_b
    assert cadre.hire_date == datetime.date(2021, 8, 1)
    entry = audit("cadres.record.created").get()
    assert entry.actor == people.officer_b
    assert entry.object_id == str(cadre.pk)
    changes = entry.changes
    assert changes["name"] == {"before": None, "after": "赵敏"}
    assert changes["id_number"] == {"before": None, "after": "110105********2465"}
    assert changes["unit"] == {"before": None, "after": "区财政局"}
    assert changes["gender"] == {"before": None, "after": "女"}
    assert changes["birth_date"] == {"before": None, "after": "1998-11-03"}
    assert "110105199811032465" not in str(changes)


def test_create_in_a_unit_outside_scope_is_refused(login, people):
    response = login(people.officer_a).post(reverse("cadres:create"), create_data(people))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == [
        "选择一个有效的选项： 该选择不在可用的选项中。"
    ]
    assert not Cadre.objects.filter(name="赵敏").exists()
    assert not audit("cadres.record.created").exists()


def test_create_with_an_id_already_registered_is_refused(login, people):
    data = create_data(
        people,
        id_number=ZHANG_WEI_ID,
        birth_date="1995-05-12",
        gender=code(CodeTable.GENDER, "1").pk,
    )
    response = login(people.org_admin).post(reverse("cadres:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"] == [
        "该身份证号码已登记在另一份干部档案中。"
    ]
    assert not Cadre.objects.filter(name="赵敏").exists()
    assert not audit("cadres.record.created").exists()


def test_create_accepts_a_legacy_15_digit_id(login, people):
    # 110105 981103 246 → 110105 19 981103 246 + check "5" (as in create_data)
    response = login(people.org_admin).post(
        reverse("cadres:create"), create_data(people, id_number="110105981103246")
    )
    assert response.status_code == 302
    assert Cadre.objects.get(name="赵敏").id_number == "110105199811032465"


# --- sections -------------------------------------------------------------------------------


def formset_data(section: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{section}-TOTAL_FORMS": str(len(rows)),
        f"{section}-INITIAL_FORMS": str(initial),
        f"{section}-MIN_NUM_FORMS": "0",
        f"{section}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{section}-{i}-{key}"] = value
    return data


SECTIONS = ["resume", "family", "rewards", "appraisals"]


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("persona", ["org_admin", "officer_a"])
def test_section_form_opens(login, people, persona, section):
    response = login(getattr(people, persona)).get(
        reverse("cadres:section", args=[people.cadre_a.pk, section])
    )
    assert response.status_code == 200
    title = {
        "resume": "简历",
        "family": "家庭主要成员及重要社会关系",
        "rewards": "奖惩情况",
        "appraisals": "年度考核结果",
    }[section]
    assert f"张伟 · {title}" in response.content.decode()


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("persona, cadre", [("officer_a", "cadre_b"), ("officer_b", "cadre_a")])
def test_section_outside_scope_is_not_found(login, people, persona, cadre, section):
    client = login(getattr(people, persona))
    target = getattr(people, cadre)
    url = reverse("cadres:section", args=[target.pk, section])
    assert client.get(url).status_code == 404
    assert client.post(url, formset_data(section, [])).status_code == 404
    target.refresh_from_db()
    assert target.version == 1


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("persona", ["leader", "cadre_user", "mentor", *NO_CADRE_ACCESS])
def test_section_is_forbidden_without_the_capability(login, people, persona, section):
    url = reverse("cadres:section", args=[people.cadre_a.pk, section])
    assert login(getattr(people, persona)).get(url).status_code == 403


def test_unknown_section_is_not_found(login, people):
    url = reverse("cadres:section", args=[people.cadre_a.pk, "salary"])
    assert login(people.org_admin).get(url).status_code == 404


def test_resume_section_saves_all_rows_and_audits(login, people):
    url = reverse("cadres:section", args=[people.cadre_a.pk, "resume"])
    rows = [
        {"start_date": "2013.09", "end_date": "2017.07", "content": "北京大学经济学院学习"},
        {"start_date": "2020.07", "end_date": "", "content": "区商务局科员"},
    ]
    response = login(people.officer_a).post(url, formset_data("resume", rows))
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:detail", args=[people.cadre_a.pk]) + "#resume"
    saved = list(
        ResumeEntry.objects.filter(cadre=people.cadre_a).values_list(
            "start_date", "end_date", "content"
        )
    )
    assert saved == [
        (datetime.date(2013, 9, 1), datetime.date(2017, 7, 1), "北京大学经济学院学习"),
        (datetime.date(2020, 7, 1), None, "区商务局科员"),
    ]
    assert Cadre.objects.get(pk=people.cadre_a.pk).version == 2
    entry = audit("cadres.resume.updated").get()
    assert entry.actor == people.officer_a
    after = entry.changes["resume"]["after"]
    assert entry.changes["resume"]["before"] == []
    assert [(r["start_date"], r["content"]) for r in after] == [
        ("2013-09-01", "北京大学经济学院学习"),
        ("2020-07-01", "区商务局科员"),
    ]


@pytest.mark.parametrize(
    "section, good, bad, field, message",
    [
        (
            "resume",
            {"start_date": "2013.09", "end_date": "2017.07", "content": "学习"},
            {"start_date": "2020.07", "end_date": "2019.01", "content": "科员"},
            "end_date",
            "截止年月不能早于起始年月。",
        ),
        (
            "resume",
            {"start_date": "2013.09", "end_date": "2017.07", "content": "学习"},
            {"start_date": "2020.13", "end_date": "", "content": "科员"},
            "start_date",
            "日期格式不正确，请填写如 1990.05、199005 或 1990-05-12。",
        ),
        (
            "family",
            {"relation": "father", "name": "张建国", "birth_date": "1968.03"},
            {"relation": "father", "name": "", "birth_date": "1970.01"},
            "name",
            "该字段是必填项。",
        ),
        (
            "rewards",
            {"kind": "reward", "date": "2023.12", "content": "嘉奖", "issuer": "区委"},
            {"kind": "medal", "date": "2024.01", "content": "记功", "issuer": "区委"},
            "kind",
            "选择一个有效的选项。 medal 不在可用的选项中。",
        ),
        (
            "appraisals",
            {"year": "2023", "result": "excellent"},
            {"year": "1899", "result": "competent"},
            "year",
            "年度不合理。",
        ),
    ],
)
def test_section_with_one_bad_row_saves_no_row(login, people, section, good, bad, field, message):
    father = code(CodeTable.RELATION, "10").pk
    good = {k: (father if v == "father" else v) for k, v in good.items()}
    bad = {k: (father if v == "father" else v) for k, v in bad.items()}
    url = reverse("cadres:section", args=[people.cadre_a.pk, section])
    response = login(people.officer_a).post(url, formset_data(section, [good, bad]))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.errors[0] == {}
    assert formset.errors[1][field] == [message]
    assert "请更正下列标红的内容，本次修改未保存。" in response.content.decode()
    models = {
        "resume": ResumeEntry,
        "family": FamilyMember,
        "rewards": RewardPunishment,
        "appraisals": Appraisal,
    }
    assert not models[section].objects.exists()
    assert Cadre.objects.get(pk=people.cadre_a.pk).version == 1
    assert not AuditEntry.objects.filter(action=f"cadres.{section}.updated").exists()


def test_family_section_saves_and_deletes_rows(login, people, family):
    url = reverse("cadres:section", args=[people.cadre_a.pk, "family"])
    mother = code(CodeTable.RELATION, "11").pk
    rows = [
        {"id": family.pk, "relation": family.relation_id, "name": "张建国", "DELETE": "on"},
        {"relation": mother, "name": "刘芳", "birth_date": "1970.02", "work_unit_post": "退休"},
    ]
    response = login(people.officer_a).post(url, formset_data("family", rows, initial=1))
    assert response.status_code == 302
    assert list(FamilyMember.objects.values_list("name", "relation__name", "birth_date")) == [
        ("刘芳", "母亲", datetime.date(1970, 2, 1))
    ]
    changes = audit("cadres.family.updated").get().changes["family"]
    assert [r["name"] for r in changes["before"]] == ["张建国"]
    assert [r["name"] for r in changes["after"]] == ["刘芳"]


def test_rewards_and_appraisals_sections_save(login, people):
    client = login(people.org_admin)
    url = reverse("cadres:section", args=[people.cadre_b.pk, "rewards"])
    row = {"kind": "reward", "date": "2023.12", "content": "年度嘉奖", "issuer": "区人社局"}
    assert client.post(url, formset_data("rewards", [row])).status_code == 302
    url = reverse("cadres:section", args=[people.cadre_b.pk, "appraisals"])
    rows = [{"year": "2023", "result": "excellent"}, {"year": "2024", "result": "competent"}]
    assert client.post(url, formset_data("appraisals", rows)).status_code == 302
    detail = client.get(reverse("cadres:detail", args=[people.cadre_b.pk])).content.decode()
    assert "2023.12 年度嘉奖" in detail
    assert "2024年度称职；2023年度优秀" in detail
    cadre = Cadre.objects.get(pk=people.cadre_b.pk)
    assert cadre.version == 3


# --- delete ---------------------------------------------------------------------------------


def test_delete_removes_the_record_and_keeps_the_before_picture(login, people, family):
    pk = people.cadre_a.pk
    response = login(people.org_admin).post(reverse("cadres:delete", args=[pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cadres:list")
    assert not Cadre.objects.filter(pk=pk).exists()
    assert not FamilyMember.objects.filter(pk=family.pk).exists()
    entry = audit("cadres.record.deleted").get()
    assert entry.actor == people.org_admin
    assert entry.object_id == str(pk)
    assert entry.object_repr == "张伟"
    changes = entry.changes
    assert changes["name"] == {"before": "张伟", "after": None}
    assert changes["id_number"] == {"before": ZHANG_WEI_ID_MASKED, "after": None}
    assert changes["unit"] == {"before": "区商务局", "after": None}
    assert changes["birth_date"] == {"before": "1995-05-12", "after": None}
    assert changes["post"] == {"before": "科员", "after": None}
    assert ZHANG_WEI_ID not in str(changes)
    # The account linked to the record stays.
    people.cadre_user.refresh_from_db()
    assert people.cadre_user.is_active


def test_delete_needs_post(login, people):
    response = login(people.org_admin).get(reverse("cadres:delete", args=[people.cadre_a.pk]))
    assert response.status_code == 405
    assert Cadre.objects.filter(pk=people.cadre_a.pk).exists()


@pytest.mark.parametrize(
    "persona",
    ["officer_a", "officer_b", "leader", "cadre_user", "mentor", *NO_CADRE_ACCESS],
)
def test_delete_is_forbidden_without_the_capability(login, people, persona):
    response = login(getattr(people, persona)).post(
        reverse("cadres:delete", args=[people.cadre_a.pk])
    )
    assert response.status_code == 403
    assert Cadre.objects.filter(pk=people.cadre_a.pk).exists()
    assert not audit("cadres.record.deleted").exists()


def test_delete_outside_scope_is_not_found(login, people):
    """officer_a cannot delete at all (403 above); an org admin of unit A cannot reach B."""
    admin_a = UserFactory(username="orgadmin_a", role=Role.ORG_ADMIN, org_unit=people.tree.unit_a)
    response = login(admin_a).post(reverse("cadres:delete", args=[people.cadre_b.pk]))
    assert response.status_code == 404
    assert Cadre.objects.filter(pk=people.cadre_b.pk).exists()
    assert not audit("cadres.record.deleted").exists()


# --- units ----------------------------------------------------------------------------------


# (name, indent below the user's own unit, cadres in that very unit)
WHOLE_TREE = [
    ("中共测试区委组织部", 0, 0),
    ("区商务局", 1, 1),
    ("综合科", 2, 1),
    ("区财政局", 1, 1),
]


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("org_admin", WHOLE_TREE),
        ("leader", WHOLE_TREE),
        ("officer_a", [("区商务局", 0, 1), ("综合科", 1, 1)]),
        ("officer_b", [("区财政局", 0, 1)]),
    ],
)
def test_units_tree_shows_the_subtree_with_counts(login, people, persona, expected):
    response = login(getattr(people, persona)).get(reverse("cadres:units"))
    assert response.status_code == 200
    units = [(u.name, u.indent, u.cadre_count) for u in response.context["units"]]
    assert units == expected
    content = response.content.decode()
    for name in ["区商务局", "区财政局"]:
        assert (name in content) == any(name == u[0] for u in expected)


@pytest.mark.parametrize("persona", ["cadre_user", "mentor", *NO_CADRE_ACCESS])
def test_units_tree_is_forbidden_without_the_capability(login, people, persona):
    response = login(getattr(people, persona)).get(reverse("cadres:units"))
    assert response.status_code == 403
    assert "区财政局" not in response.content.decode()
