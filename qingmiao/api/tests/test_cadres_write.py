import datetime

import pytest

from qingmiao.accounts.models import AuditEntry
from qingmiao.api.cadres.serializers import WRITABLE_FIELDS
from qingmiao.cadres.forms import CadreForm
from qingmiao.cadres.models import Cadre, CodeTable, Tag
from qingmiao.cadres.tests.factories import code, make_id_number

from .utils import new_cadre

pytestmark = pytest.mark.django_db

ID_ZHAO = make_id_number(datetime.date(1996, 3, 4), seq=124)
ID_A = make_id_number(datetime.date(1995, 5, 12), seq=123)


def bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_api_writes_what_the_record_page_writes():
    """The same fields as CadreForm (the photo, an upload, is left to the page)."""
    assert set(WRITABLE_FIELDS) == ({*CadreForm._meta.fields, "id_number"} - {"photo"})


# --- create -----------------------------------------------------------------------------------


def test_create(api, people):
    tag = Tag.objects.create(name="选调生")
    body = new_cadre(people.tree.section_a, tags=[tag.pk], marital_status="10")
    response = api(people.officer_a).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 201, response.json()
    cadre = Cadre.objects.get(name="赵敏")
    assert response["Location"] == f"/api/v1/cadres/{cadre.pk}/"
    assert cadre.gender == code(CodeTable.GENDER, "2")
    assert cadre.political_status == code(CodeTable.POLITICAL, "01")
    assert cadre.fulltime_education == code(CodeTable.EDUCATION, "21")
    assert cadre.marital_status == code(CodeTable.MARITAL, "10")
    assert cadre.unit == people.tree.section_a
    assert cadre.birth_date == datetime.date(1996, 3, 4)
    # Month-precision dates in the usual notations.
    assert cadre.hire_date == datetime.date(2019, 8, 1)
    assert cadre.work_start_date == datetime.date(2019, 7, 1)
    assert cadre.id_number == ID_ZHAO
    assert cadre.name_pinyin == "zhaomin"
    assert cadre.is_active is True
    assert cadre.version == 1
    assert list(cadre.tags.all()) == [tag]
    data = response.json()
    assert data["id"] == cadre.pk
    assert (data["gender"], data["gender_name"]) == ("2", "女")
    assert (data["fulltime_education"], data["fulltime_education_name"]) == ("21", "大学本科毕业")
    assert data["unit_name"] == "综合科"
    assert data["id_number"] == ID_ZHAO  # the officer may see it: shown and audited
    assert data["tag_names"] == ["选调生"]
    created = AuditEntry.objects.get(action="cadres.record.created")
    assert created.actor == people.officer_a
    assert created.object_id == str(cadre.pk)
    assert created.changes["id_number"]["after"] == ID_ZHAO[:6] + "********" + ID_ZHAO[-4:]
    viewed = AuditEntry.objects.get(action="cadres.sensitive.viewed")
    assert viewed.extra["channel"] == "api"


def test_create_with_only_the_required_fields(api, people):
    body = {"name": "钱多", "gender": "1", "birth_date": "1990.05", "unit": people.tree.unit_a.pk}
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 201, response.json()
    cadre = Cadre.objects.get(name="钱多")
    assert cadre.birth_date == datetime.date(1990, 5, 1)
    assert (cadre.id_number, cadre.id_number_digest, cadre.political_status) == ("", None, None)
    assert response.json()["id_number"] == ""


def test_bad_id_checksum_is_400_and_nothing_is_saved(api, people):
    body = new_cadre(people.tree.unit_a, id_number=bad_checksum(ID_ZHAO))
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"id_number": ["身份证号码校验位错误，请核对。"]}
    assert not Cadre.objects.filter(name="赵敏").exists()
    assert not AuditEntry.objects.filter(action__startswith="cadres.").exists()


def test_all_errors_are_reported_at_once_per_field(api, people):
    """The record page's rules: ID number against birth date and gender, dates in order,
    phone characters, code values that exist."""
    body = new_cadre(
        people.tree.unit_a,
        gender="1",  # the number says female
        hire_date="2018.01",  # before work_start_date
        phone="138-abc",
        political_status="99",
        rank="X",
    )
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["gender"] == ["性别与身份证号码（第 17 位）不一致。"]
    assert errors["hire_date"] == ["录用时间不能早于参加工作时间。"]
    assert errors["phone"] == ["联系电话只能包含数字和“-”。"]
    invalid_choice = ["选择一个有效的选项： 该选择不在可用的选项中。"]
    assert errors["political_status"] == invalid_choice
    assert errors["rank"] == invalid_choice
    assert set(errors) == {"gender", "hire_date", "phone", "political_status", "rank"}
    assert not Cadre.objects.filter(name="赵敏").exists()


def test_id_number_and_birth_date_must_agree(api, people):
    body = new_cadre(people.tree.unit_a, birth_date="1996-04-04")
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "id_number": ["身份证号码中的出生日期（1996.03.04）与出生年月（1996.04）不一致。"]
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("birth_date", "昨天"),
        ("birth_date", "1996-13-01"),
        ("hire_date", "2019/99"),
        ("unit", "区商务局"),
        ("tags", "选调生"),
        ("tags", [2**70]),
        ("unit", 2**70),
        ("is_active", "也许"),
        ("name", ""),
        ("name", "很" * 31),
        ("gender", None),
        ("id_number", "11010519960304"),
    ],
)
def test_malformed_values_are_400_on_their_field(api, people, field, value):
    body = new_cadre(people.tree.unit_a, **{field: value})
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(isinstance(m, str) and m for m in response.json()[field])
    assert not Cadre.objects.filter(name__in=["赵敏", ""]).exists()


@pytest.mark.parametrize("missing", ["name", "gender", "birth_date", "unit"])
def test_required_fields(api, people, missing):
    body = new_cadre(people.tree.unit_a)
    del body[missing]
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {missing: ["该字段是必填项。"]}


def test_body_must_be_a_json_object(api, people):
    client = api(people.org_admin)
    assert client.post("/api/v1/cadres/", ["赵敏"], format="json").status_code == 400
    response = client.post(
        "/api/v1/cadres/", "{not json", content_type="application/json"
    )  # fmt: skip
    assert response.status_code == 400
    response = client.post("/api/v1/cadres/", {"name": "赵敏"})  # a form post, not JSON
    assert response.status_code == 415
    assert Cadre.objects.count() == 3


def test_duplicate_id_number_is_400(api, people):
    """Uniqueness is checked by the service, with the number's keyed hash."""
    body = new_cadre(people.tree.unit_a, name="张伟二", id_number=ID_A, birth_date="1995-05-12")
    body["gender"] = "1"
    response = api(people.org_admin).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"id_number": ["该身份证号码已登记在另一份干部档案中。"]}
    assert not Cadre.objects.filter(name="张伟二").exists()


def test_create_ignores_read_only_fields(api, people):
    """Mass assignment: what is not an input is ignored, whatever the client sends."""
    body = new_cadre(
        people.tree.unit_a,
        id=4242,
        version=99,
        name_pinyin="hacker",
        name_initials="h",
        id_number_digest="0" * 64,
        id_number_encrypted="x",
        created_at="2000-01-01T00:00:00Z",
        user=people.org_admin.pk,
        sensitive_shown=False,
        family_members=[{"name": "某某"}],
    )
    response = api(people.officer_a).post("/api/v1/cadres/", body, format="json")
    assert response.status_code == 201, response.json()
    cadre = Cadre.objects.get(name="赵敏")
    assert cadre.pk != 4242
    assert cadre.version == 1
    assert (cadre.name_pinyin, cadre.name_initials) == ("zhaomin", "zm")
    assert cadre.id_number == ID_ZHAO
    assert cadre.created_at.year >= 2025
    assert cadre.user is None
    assert not cadre.family_members.exists()


# --- update -----------------------------------------------------------------------------------


def patch(client, cadre, body):
    return client.patch(f"/api/v1/cadres/{cadre.pk}/", body, format="json")


def test_partial_update_changes_only_what_is_sent(api, people):
    tag = Tag.objects.create(name="援疆")
    people.cadre_a.tags.add(tag)
    response = patch(
        api(people.officer_a),
        people.cadre_a,
        {"post": "副科长", "rank": "R20", "rank_date": "2024.03", "version": 1},
    )
    assert response.status_code == 200, response.json()
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.post, cadre.rank.name, cadre.rank_date) == (
        "副科长",
        "四级主任科员",
        datetime.date(2024, 3, 1),
    )
    assert cadre.version == 2
    # Everything not sent is kept: the ID number, codes, dates, tags, the linked account.
    assert cadre.id_number == ID_A
    assert cadre.political_status.code == "01"
    assert cadre.hire_date == datetime.date(2020, 8, 1)
    assert list(cadre.tags.all()) == [tag]
    assert cadre.user == people.cadre_user
    assert cadre.is_active is True
    assert response.json()["version"] == 2
    assert response.json()["rank_name"] == "四级主任科员"
    updated = AuditEntry.objects.get(action="cadres.record.updated")
    assert updated.changes["post"] == {"before": "科员", "after": "副科长"}
    assert "id_number" not in updated.changes


def test_update_can_clear_and_change_values(api, people):
    response = patch(
        api(people.org_admin),
        people.cadre_a,
        {"political_status": None, "fulltime_degree": "", "tags": [], "version": 1},
    )
    assert response.status_code == 200, response.json()
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.political_status, cadre.fulltime_degree) == (None, None)
    new_id = make_id_number(datetime.date(1995, 5, 12), seq=135)
    response = patch(api(people.org_admin), cadre, {"id_number": new_id, "version": 2})
    assert response.status_code == 200, response.json()
    assert Cadre.objects.get(pk=cadre.pk).id_number == new_id
    response = patch(api(people.org_admin), cadre, {"is_active": False, "version": 3})
    assert response.status_code == 200
    assert Cadre.objects.get(pk=cadre.pk).is_active is False


def test_stale_version_is_409_and_nothing_changes(api, people):
    officer, admin = api(people.officer_a), api(people.org_admin)
    assert patch(admin, people.cadre_a, {"post": "科长", "version": 1}).status_code == 200
    response = patch(officer, people.cadre_a, {"post": "副科长", "version": 1})
    assert response.status_code == 409
    assert response.json() == {"detail": "该档案已被他人修改，请刷新后重新编辑。"}
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.post, cadre.version) == ("科长", 2)
    assert AuditEntry.objects.filter(action="cadres.record.updated").count() == 1
    # With the current version the same change goes through.
    assert patch(officer, people.cadre_a, {"post": "副科长", "version": 2}).status_code == 200
    assert Cadre.objects.get(pk=people.cadre_a.pk).post == "副科长"


def test_update_requires_version(api, people):
    for body in ({"post": "科长"}, {"post": "科长", "version": None}):
        response = patch(api(people.org_admin), people.cadre_a, body)
        assert response.status_code == 400
        assert response.json() == {"version": ["修改时必须提供读取记录时得到的版本号（version）。"]}
    assert Cadre.objects.get(pk=people.cadre_a.pk).post == "科员"


def test_update_ignores_read_only_fields(api, people):
    before = Cadre.objects.get(pk=people.cadre_a.pk)
    response = patch(
        api(people.org_admin),
        people.cadre_a,
        {
            "version": 1,
            "id": 999,
            "name_pinyin": "hacker",
            "id_number_digest": "0" * 64,
            "created_at": "2000-01-01T00:00:00Z",
            "updated_at": "2000-01-01T00:00:00Z",
            "user": None,
            "age": 99,
            "gender_name": "女",
        },
    )
    assert response.status_code == 200, response.json()
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert cadre.name_pinyin == "zhangwei"
    assert cadre.id_number_digest == before.id_number_digest
    assert cadre.created_at == before.created_at
    assert cadre.user == people.cadre_user
    assert cadre.gender.name == "男"
    assert not Cadre.objects.filter(pk=999).exists()


def test_invalid_update_is_400_and_nothing_changes(api, people):
    response = patch(
        api(people.org_admin),
        people.cadre_a,
        {"post": "科长", "id_number": bad_checksum(ID_A), "version": 1},
    )
    assert response.status_code == 400
    assert response.json() == {"id_number": ["身份证号码校验位错误，请核对。"]}
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.post, cadre.version, cadre.id_number) == ("科员", 1, ID_A)


def test_update_to_a_taken_id_number_is_400_and_nothing_changes(api, people):
    """The service refuses it after the form accepted it; its transaction saves nothing."""
    other = make_id_number(datetime.date(1992, 3, 1), seq=133)
    people.cadre_a2.id_number = other
    people.cadre_a2.save()
    response = patch(
        api(people.org_admin),
        people.cadre_a,
        {"post": "科长", "id_number": other, "birth_date": "1992-03-01", "version": 1},
    )
    assert response.status_code == 400
    assert response.json() == {"id_number": ["该身份证号码已登记在另一份干部档案中。"]}
    cadre = Cadre.objects.get(pk=people.cadre_a.pk)
    assert (cadre.post, cadre.version, cadre.birth_date) == ("科员", 1, datetime.date(1995, 5, 12))
    assert not AuditEntry.objects.filter(action="cadres.record.updated").exists()


def test_cannot_move_a_record_out_of_scope(api, people):
    response = patch(
        api(people.officer_a), people.cadre_a, {"unit": people.tree.unit_b.pk, "version": 1}
    )
    assert response.status_code == 400
    assert response.json() == {"unit": ["选择一个有效的选项： 该选择不在可用的选项中。"]}
    assert Cadre.objects.get(pk=people.cadre_a.pk).unit == people.tree.unit_a


# --- delete -----------------------------------------------------------------------------------


def test_delete_keeps_the_record_in_the_audit_log(api, people):
    response = api(people.org_admin).delete(f"/api/v1/cadres/{people.cadre_b.pk}/")
    assert response.status_code == 204
    assert not Cadre.objects.filter(pk=people.cadre_b.pk).exists()
    entry = AuditEntry.objects.get(action="cadres.record.deleted")
    assert entry.actor == people.org_admin
    assert entry.changes["name"] == {"before": "王强", "after": None}
    assert api(people.org_admin).get(f"/api/v1/cadres/{people.cadre_b.pk}/").status_code == 404
