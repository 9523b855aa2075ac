import datetime

from qingmiao.cadres.tests.factories import make_id_number


def names(payload) -> list[str]:
    """Names in a paginated list response, in the order given."""
    return [row["name"] for row in payload["results"]]


def new_cadre(unit, /, **overrides) -> dict:
    """A valid creation payload: 赵敏, female, born 1996-03-04, with a matching ID number."""
    body = {
        "name": "赵敏",
        "gender": "2",
        "ethnicity": "01",
        "birth_date": "1996-03-04",
        "id_number": make_id_number(datetime.date(1996, 3, 4), seq=124),
        "political_status": "01",
        "fulltime_education": "21",
        "fulltime_degree": "402",
        "hire_date": "2019.08",
        "work_start_date": "201907",
        "unit": unit.pk,
        "post": "科员",
        "rank": "R21",
        "phone": "13800001234",
    }
    body.update(overrides)
    return body
