import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qingmiao.accounts.models import AuditEntry
from qingmiao.cadres.models import (
    Appraisal,
    CodeTable,
    FamilyMember,
    ResumeEntry,
    RewardPunishment,
    Tag,
)
from qingmiao.cadres.tests.factories import CadreFactory, code, make_id_number

from .utils import names

pytestmark = pytest.mark.django_db

ID_A = make_id_number(datetime.date(1995, 5, 12), seq=123)  # 张伟's number
ID_A_MASKED = ID_A[:6] + "********" + ID_A[-4:]


def sensitive_views():
    return AuditEntry.objects.filter(action="cadres.sensitive.viewed")


@pytest.fixture
def sections(people):
    """张伟's record with one row in every section and a phone number."""
    cadre = people.cadre_a
    cadre.phone = "13912345678"
    cadre.save()
    ResumeEntry.objects.create(
        cadre=cadre, start_date=datetime.date(2013, 9, 1), end_date=datetime.date(2017, 7, 1),
        content="某某大学经济学专业学习",
    )  # fmt: skip
    ResumeEntry.objects.create(
        cadre=cadre, start_date=datetime.date(2020, 8, 1), content="区商务局科员"
    )
    FamilyMember.objects.create(
        cadre=cadre, relation=code(CodeTable.RELATION, "10"), name="张建国",
        birth_date=datetime.date(1968, 2, 1), political_status=code(CodeTable.POLITICAL, "01"),
        work_unit_post="某某公司职员",
    )  # fmt: skip
    RewardPunishment.objects.create(
        cadre=cadre, kind="reward", date=datetime.date(2023, 1, 1), content="嘉奖",
        issuer="区人民政府",
    )  # fmt: skip
    Appraisal.objects.create(cadre=cadre, year=2023, result="excellent")
    Appraisal.objects.create(cadre=cadre, year=2022, result="competent")
    return cadre


# --- masking and the sensitive-data audit ----------------------------------------------------


def test_leader_sees_masked_id_phone_and_no_family(api, people, sections):
    response = api(people.leader).get(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "张伟"
    assert data["sensitive_shown"] is False
    assert data["id_number"] == ID_A_MASKED == "110105********1232"
    assert data["phone"] == "139****5678"
    assert data["family_members"] is None
    assert ID_A not in response.content.decode()
    assert "张建国" not in response.content.decode()
    # The other sections are not sensitive.
    assert [r["content"] for r in data["resume_entries"]] == [
        "某某大学经济学专业学习",
        "区商务局科员",
    ]
    assert [(a["year"], a["result_name"]) for a in data["appraisals"]] == [
        (2023, "优秀"),
        (2022, "称职"),
    ]
    assert not sensitive_views().exists()


def test_responses_are_not_cached(api, people):
    for url in ("/api/v1/cadres/", f"/api/v1/cadres/{people.cadre_a.pk}/", "/api/v1/orgunits/"):
        response = api(people.org_admin).get(url)
        assert "no-store" in response["Cache-Control"]


def test_org_admin_sees_unmasked_and_the_view_is_audited(api, people, sections):
    response = api(people.org_admin).get(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["sensitive_shown"] is True
    assert data["id_number"] == ID_A
    assert data["phone"] == "13912345678"
    assert data["family_members"] == [
        {
            "id": sections.family_members.get().pk,
            "relation": "10",
            "relation_name": "父亲",
            "name": "张建国",
            "birth_date": "1968-02-01",
            "political_status": "01",
            "political_status_name": "中国共产党党员",
            "work_unit_post": "某某公司职员",
        }
    ]
    entry = sensitive_views().get()
    assert entry.actor == people.org_admin
    assert entry.object_id == str(people.cadre_a.pk)
    assert entry.object_repr == "张伟"
    assert entry.extra == {"fields": ["id_number", "family_members"], "channel": "api"}


def test_every_unmasked_view_is_audited(api, people):
    client = api(people.officer_a)
    for _ in range(3):
        assert client.get(f"/api/v1/cadres/{people.cadre_a.pk}/").status_code == 200
    assert sensitive_views().count() == 3
    # A record without an ID number: only the family members were shown unmasked.
    assert client.get(f"/api/v1/cadres/{people.cadre_a2.pk}/").json()["id_number"] == ""
    assert sensitive_views().first().extra == {"fields": ["family_members"], "channel": "api"}


def test_cadre_user_reads_only_their_own_record(api, people):
    client = api(people.cadre_user)
    listing = client.get("/api/v1/cadres/").json()
    assert names(listing) == ["张伟"]
    own = client.get(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert own.status_code == 200
    assert own.json()["id_number"] == ID_A  # their own number, unmasked
    assert sensitive_views().get().actor == people.cadre_user
    for other in (people.cadre_a2, people.cadre_b):
        assert client.get(f"/api/v1/cadres/{other.pk}/").status_code == 404
    assert client.get("/api/v1/cadres/", {"q": "王强"}).json()["count"] == 0


def test_list_never_carries_sensitive_fields(api, people, sections):
    response = api(people.org_admin).get("/api/v1/cadres/")
    body = response.content.decode()
    for secret in (ID_A, ID_A_MASKED, ID_A[-4:], "13912345678", "张建国"):
        assert secret not in body
    row = next(r for r in response.json()["results"] if r["name"] == "张伟")
    assert not {"id_number", "phone", "family_members"} & set(row)
    assert not sensitive_views().exists()


def test_detail_shows_codes_with_their_names(api, people):
    data = api(people.leader).get(f"/api/v1/cadres/{people.cadre_a.pk}/").json()
    assert (data["gender"], data["gender_name"]) == ("1", "男")
    assert (data["ethnicity"], data["ethnicity_name"]) == ("01", "汉族")
    assert (data["political_status"], data["political_status_name"]) == ("01", "中国共产党党员")
    assert (data["fulltime_education"], data["fulltime_education_name"]) == (
        "14",
        "硕士研究生毕业",
    )
    assert (data["rank"], data["rank_name"]) == ("R21", "一级科员")
    assert (data["marital_status"], data["marital_status_name"]) == (None, None)
    assert (data["unit"], data["unit_name"]) == (people.tree.unit_a.pk, "区商务局")
    assert data["birth_date"] == "1995-05-12"
    assert data["generation_band"] == "95后"
    assert data["name_pinyin"] == "zhangwei"
    assert data["version"] == 1
    assert data["rewards_punishments"] == []


# --- search and filters: the same as the list page -------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("张伟", ["张伟"]),
        ("张", ["张伟"]),
        ("zhangwei", ["张伟"]),
        ("ZhangWei", ["张伟"]),
        ("zw", ["张伟"]),
        ("zh", ["张伟"]),
        ("l", ["李娜"]),
        ("w", ["王强"]),
        ("zhao", []),
    ],
)
def test_search_by_name_pinyin_or_initials(api, people, q, expected):
    response = api(people.org_admin).get("/api/v1/cadres/", {"q": q})
    assert response.status_code == 200
    assert names(response.json()) == expected


def test_search_stays_within_scope(api, people):
    assert names(api(people.officer_b).get("/api/v1/cadres/", {"q": "zw"}).json()) == []
    assert names(api(people.officer_b).get("/api/v1/cadres/", {"q": "wq"}).json()) == ["王强"]


def test_filters(api, people):
    people.cadre_b.political_status = code(CodeTable.POLITICAL, "13")
    people.cadre_b.save()
    tag = Tag.objects.create(name="优秀年轻干部")
    people.cadre_a2.tags.add(tag)
    client = api(people.org_admin)

    def listed(**params):
        response = client.get("/api/v1/cadres/", params)
        assert response.status_code == 200, response.json()
        return names(response.json())

    assert listed(unit=people.tree.unit_a.pk) == ["李娜", "张伟"]  # unit A and its section
    assert listed(unit=people.tree.section_a.pk) == ["李娜"]
    assert listed(political_status="13") == ["王强"]
    assert listed(political_status="01") == ["李娜", "张伟"]
    assert listed(generation="95") == ["张伟"]
    assert listed(generation="85") == ["王强"]
    assert listed(tag=tag.pk) == ["李娜"]
    assert listed(sort="birth_date") == ["王强", "李娜", "张伟"]
    assert listed(sort="-birth_date") == ["张伟", "李娜", "王强"]
    assert listed(q="l", unit=people.tree.unit_a.pk) == ["李娜"]


def test_bad_filter_values_are_400(api, people):
    client = api(people.officer_a)
    # Unit B exists, but officer A may not filter by it; the answer is the same as for no unit.
    for params in ({"unit": people.tree.unit_b.pk}, {"unit": 999999}):
        response = client.get("/api/v1/cadres/", params)
        assert response.status_code == 400
        assert response.json() == {"unit": ["选择一个有效的选项： 该选择不在可用的选项中。"]}
    assert client.get("/api/v1/cadres/", {"political_status": "99"}).status_code == 400
    assert client.get("/api/v1/cadres/", {"generation": "60"}).status_code == 400
    assert client.get("/api/v1/cadres/", {"tag": "选调生"}).status_code == 400
    for age in ("abc", "-1", "151", "100000000000"):
        assert client.get("/api/v1/cadres/", {"age_min": age}).status_code == 400
        assert client.get("/api/v1/cadres/", {"age_max": age}).status_code == 400
    # Nonsense paging falls back to the defaults or is a 404, never an error page.
    assert client.get("/api/v1/cadres/", {"page_size": "abc"}).json()["count"] == 2
    assert client.get("/api/v1/cadres/", {"page": "abc"}).status_code == 404


def test_age_filters(api, people):
    client = api(people.org_admin)
    age_a2 = people.cadre_a2.age  # 李娜, born 1992-03-01; the others are years apart
    response = client.get("/api/v1/cadres/", {"age_min": age_a2, "age_max": age_a2})
    assert names(response.json()) == ["李娜"]
    response = client.get("/api/v1/cadres/", {"age_min": age_a2})
    assert names(response.json()) == ["李娜", "王强"]
    assert client.get("/api/v1/cadres/", {"age_min": 150}).json()["count"] == 0


# --- paging and query count ------------------------------------------------------------------


@pytest.fixture
def many_cadres(people):
    """60 more cadres in unit A, a third of them tagged."""
    tags = [Tag.objects.create(name="选调生"), Tag.objects.create(name="援疆")]
    for n in range(60):
        cadre = CadreFactory(name=f"测试{n:02d}", unit=people.tree.unit_a)
        if n % 3 == 0:
            cadre.tags.set(tags)
    return 63


def test_paging(api, people, many_cadres):
    client = api(people.org_admin)
    first = client.get("/api/v1/cadres/", {"page_size": 25}).json()
    assert first["count"] == many_cadres
    assert len(first["results"]) == 25
    last = client.get("/api/v1/cadres/", {"page_size": 25, "page": 3}).json()
    assert len(last["results"]) == 13
    assert last["next"] is None
    assert client.get("/api/v1/cadres/", {"page": 99}).status_code == 404
    # The page size is capped.
    assert len(client.get("/api/v1/cadres/", {"page_size": 1000}).json()["results"]) == 63
    assert client.get("/api/v1/cadres/").json()["results"].__len__() == 20


def test_list_query_count_does_not_grow_with_page_size(api, people, many_cadres):
    client = api(people.org_admin)
    counts = {}
    for size in (2, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/cadres/", {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == size
        tagged = [row for row in response.json()["results"] if row["tags"]]
        assert all(sorted(row["tag_names"]) == ["援疆", "选调生"] for row in tagged)
        counts[size] = len(queries)
    assert counts[2] == counts[50]
    assert counts[50] <= 4  # the scope, count, page, tags


def test_detail_query_count_does_not_grow_with_sections(api, people, sections):
    client = api(people.leader)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/cadres/{people.cadre_a.pk}/")
    for year in range(2000, 2020):
        Appraisal.objects.create(cadre=people.cadre_a, year=year, result="competent")
        ResumeEntry.objects.create(
            cadre=people.cadre_a, start_date=datetime.date(year, 1, 1), content=f"{year}"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/v1/cadres/{people.cadre_a.pk}/")
    assert len(response.json()["appraisals"]) == 22
    assert len(many) == len(few)


# --- org units and codes ---------------------------------------------------------------------


def test_orgunits_carry_tree_position(api, people):
    t = people.tree
    rows = api(people.org_admin).get("/api/v1/orgunits/").json()["results"]
    assert [(r["name"], r["parent"], r["depth"], r["unit_type"]) for r in rows] == [
        ("中共测试区委组织部", None, 1, "org_dept"),
        ("区商务局", t.root.pk, 2, "party_govt"),
        ("综合科", t.unit_a.pk, 3, "section"),
        ("区财政局", t.root.pk, 2, "party_govt"),
    ]
    assert rows[2]["unit_type_name"] == "内设机构"
    assert rows[0]["is_remote"] is False


def test_orgunit_query_count_is_constant(api, people):
    from qingmiao.cadres.tests.factories import OrgUnitFactory

    client = api(people.org_admin)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/orgunits/")
    for n in range(10):
        OrgUnitFactory.child(people.tree.unit_b, f"科室{n}", unit_type="section")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/orgunits/")
    assert response.json()["count"] == 14
    assert len(many) == len(few)


def test_codes(api, people):
    client = api(people.rater)
    political = client.get("/api/v1/codes/", {"table": "GB4762"}).json()
    assert political["count"] == 13
    assert political["results"][0] == {
        "table": "GB4762",
        "code": "01",
        "name": "中国共产党党员",
        "short_name": "中共党员",
        "parent_code": "",
        "form_name": political["results"][0]["form_name"],
        "sort": political["results"][0]["sort"],
    }
    assert political["results"][-1]["name"] == "群众"
    ranks = client.get("/api/v1/codes/", {"table": "RANK", "page_size": 100}).json()
    assert ("R21", "一级科员") in [(r["code"], r["name"]) for r in ranks["results"]]


@pytest.mark.parametrize("params", [{}, {"table": "GB9999"}, {"table": ""}])
def test_codes_need_a_known_table(api, people, params):
    response = api(people.org_admin).get("/api/v1/codes/", params)
    assert response.status_code == 400
    [message] = response.json()["table"]
    assert message.startswith("请用 table 参数指定代码表，可选：")
    assert "GB4762" in message
