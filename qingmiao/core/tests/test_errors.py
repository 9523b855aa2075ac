"""The one road from a service's refusal to the user: the same words on the page's form and in
the API's answer, in Chinese and in English, and the API's status codes."""

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from qingmiao.cadres.models import Cadre
from qingmiao.cadres.tests.factories import CadreFactory
from qingmiao.core.errors import StaleVersion, apply_errors, error_detail, exception_handler
from qingmiao.selection.models import Program
from qingmiao.selection.tests.factories import camp_program

BAD_RANGE = {"born_from": "1999-01-01", "born_to": "1990-01-01"}
MESSAGES = {
    "zh-hans": "出生日期上限不能早于下限。",
    "en": "The latest date of birth cannot be earlier than the earliest.",
}


def _in(language: str, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_service_refusal_reads_the_same_on_the_form_and_in_the_api(client, people, language):
    program = camp_program(people.org_admin, people.tree.root, name="草稿项目")
    client.force_login(people.org_admin)
    page = _in(language, client).post(reverse("selection:rule_edit", args=[program.pk]), BAD_RANGE)
    assert page.status_code == 200
    assert page.context["form"].errors["born_to"] == [MESSAGES[language]]

    api = _in(language, APIClient())
    api.force_authenticate(people.org_admin)
    answer = api.put(f"/api/v1/programs/{program.pk}/rule/", BAD_RANGE, format="json")
    assert answer.status_code == 400
    assert answer.json() == {"born_to": [MESSAGES[language]]}
    assert Program.objects.get(pk=program.pk).rule.born_from is None  # nothing saved


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_stale_version_is_409_in_the_api_and_on_top_of_the_form(client, people, language):
    cadre = CadreFactory(unit=people.tree.unit_a)
    Cadre.objects.filter(pk=cadre.pk).update(version=cadre.version + 1)  # someone else saved
    expected = {
        "zh-hans": "该档案已被他人修改，请刷新后重新编辑。",
        "en": "This record has been changed by someone else. Reload the page and edit it again.",
    }[language]
    api = _in(language, APIClient())
    api.force_authenticate(people.org_admin)
    answer = api.patch(
        f"/api/v1/cadres/{cadre.pk}/",
        {"version": cadre.version, "post": "新职务"},
        format="json",
    )
    assert answer.status_code == 409
    assert answer.json() == {"detail": expected}

    form = forms.Form({})
    assert form.is_valid()
    with translation.override(language):
        apply_errors(form, StaleVersion(expected, code="stale"))
    assert form.non_field_errors() == [expected]


def test_apply_errors_puts_field_errors_beside_the_field_and_the_rest_on_top():
    class Form(forms.Form):
        name = forms.CharField(required=False)

    form = Form({})
    assert form.is_valid()
    apply_errors(form, ValidationError({"name": "名称已被占用。", "other": "另一个问题。"}))
    assert form.errors["name"] == ["名称已被占用。"]
    assert form.non_field_errors() == ["另一个问题。"]
    assert form.fields["name"].widget.attrs["aria-invalid"] == "true"

    plain = Form({})
    assert plain.is_valid()
    apply_errors(plain, ValidationError("整体的问题。"))
    assert plain.non_field_errors() == ["整体的问题。"]


def test_error_detail_nests_item_errors_as_the_view_declares():
    exc = ValidationError({"reason_12": "请填写理由。", "note": "太长。", "__all__": "不行。"})
    nesting = {"reason_": ("overrides", "reason")}
    assert error_detail(exc, nesting) == {
        "overrides": {"12": {"reason": ["请填写理由。"]}},
        "note": ["太长。"],
        "non_field_errors": ["不行。"],
    }
    scores = ValidationError({"dim_7": "超出满分。"})
    assert error_detail(scores, {"dim_": ("scores", None)}) == {"scores": {"7": ["超出满分。"]}}


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (ValidationError({"name": "必填。"}), 400),
        (ValidationError("不行。"), 400),
        (StaleVersion("已被他人修改。"), 409),
        (Http404(), 404),
        (Program.DoesNotExist(), 404),
        (ObjectDoesNotExist(), 404),
        (PermissionDenied(), 403),
    ],
)
def test_the_handler_maps_each_refusal_to_its_status(exc, status):
    response = exception_handler(exc, {"view": None})
    assert response.status_code == status


@pytest.mark.django_db
def test_the_api_status_codes_end_to_end(people):
    program = camp_program(people.org_admin, people.tree.root, name="草稿项目")
    # A missing capability is 403.
    rater = APIClient()
    rater.force_authenticate(people.rater)
    assert rater.put(f"/api/v1/programs/{program.pk}/rule/", {}, format="json").status_code == 403
    # Outside the scope is 404: a draft is seen by the organizer side alone.
    officer = APIClient()
    officer.force_authenticate(people.officer_a)
    assert officer.get(f"/api/v1/programs/{program.pk}/").status_code == 404
    # A refusal is 400, and nothing is changed.
    admin = APIClient()
    admin.force_authenticate(people.org_admin)
    refused = admin.post(
        f"/api/v1/programs/{program.pk}/transition/", {"to": "running"}, format="json"
    )
    assert refused.status_code == 400
    assert Program.objects.get(pk=program.pk).status == "draft"
