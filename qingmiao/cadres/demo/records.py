"""The demo district's cadres and their records, written as plain rows.

The same draws, in the same order, as one model instance per record would take (so a seed
gives the same district), but each record is a tuple written by `core.bulk.insert_rows`:
at a hundred thousand cadres, instances cost more than the database's work. Pinyin keys and
ID numbers are read or encrypted once per cadre (names repeat: their keys are cached).
"""

import random
from datetime import date

from qingmiao.core.bulk import insert_rows, reserve_ids

from .. import idcard, pinyin
from ..models import (
    Appraisal,
    Cadre,
    CodeItem,
    CodeTable,
    FamilyMember,
    OrgUnit,
    ResumeEntry,
    RewardPunishment,
    Tag,
    UnitType,
)

CADRE_FIELDS = (
    "id", "name", "name_pinyin", "name_initials", "gender_id", "ethnicity_id", "birth_date",
    "native_place", "birthplace", "political_status_id", "party_join_date", "work_start_date",
    "hire_date", "fulltime_education_id", "fulltime_degree_id", "fulltime_school",
    "fulltime_major", "unit_id", "post", "rank_id", "rank_date", "expertise",
    "household_registration", "marital_status_id", "spouse_location", "phone",
    "id_number_encrypted", "id_number_digest",
)  # fmt: skip
EXPERTISE = ["产业研究", "项目管理", "招商引资", "基层治理", "数据分析", "政策研究"]
STEM = ("计算机科学与技术", "软件工程", "材料科学与工程", "电子信息工程", "生物医学工程")


def _code_ids(table: str) -> dict[str, int]:
    return dict(CodeItem.objects.filter(table=table).values_list("code", "pk"))


def write(rng: random.Random, units: list[OrgUnit], tags: list[Tag], cadre_count: int) -> int:
    """Write `cadre_count` cadres with their tags, resumes, families, appraisals and rewards;
    the number of cadres written."""
    from . import registry as r  # the district's lists and helpers; registry calls this module

    gender = _code_ids(CodeTable.GENDER)
    ethnicity = _code_ids(CodeTable.ETHNICITY)
    political = _code_ids(CodeTable.POLITICAL)
    education = _code_ids(CodeTable.EDUCATION)
    degree = _code_ids(CodeTable.DEGREE)
    rank = _code_ids(CodeTable.RANK)
    marital = _code_ids(CodeTable.MARITAL)
    relation = _code_ids(CodeTable.RELATION)
    divisions = [
        c
        for c in CodeItem.objects.filter(table=CodeTable.DIVISION).values_list("code", "name")
        if not c[0].endswith("00")
    ]
    workplaces = [u for u in units if u.unit_type not in (UnitType.ORG_DEPT,)]
    today = date(2026, 11, 1)
    ids = reserve_ids(Cadre, cadre_count)
    rows: list[tuple] = []
    # What the records below need of each cadre, in the order drawn.
    people: list[tuple] = []
    used_numbers: set[str] = set()
    for n in range(cadre_count):
        born_year = r._birth_year(rng)
        born = date(born_year, rng.randint(1, 12), rng.randint(1, 28))
        g = "1" if rng.random() < 0.55 else "2"
        local = rng.random() < 0.55
        div_code, div_name = (r.DIVISION, r.DISTRICT) if local else rng.choice(divisions)
        young = born_year >= 1990
        x = rng.random()
        if young:
            edu, deg = ("11", "2") if x < 0.05 else ("14", "3") if x < 0.62 else ("21", "4")
        else:
            edu, deg = (
                ("11", "2")
                if x < 0.02
                else ("14", "3")
                if x < 0.30
                else ("21", "4")
                if x < 0.9
                else ("31", "")
            )
        if born_year + {"11": 28, "14": 25}.get(edu, 22) > today.year - 1:
            edu, deg = "21", "4"
        major = rng.choice(r.MAJORS)
        deg_code = {"2": "202", "3": "302", "4": "402"}.get(deg, "")
        if deg_code and major in STEM:
            deg_code = deg + "08"
        elif deg_code and major in ("法学",):
            deg_code = deg + "03"
        elif deg_code and major in ("工商管理", "公共管理", "会计学"):
            deg_code = deg + "12"
        grad_age = {"11": 28, "14": 25, "21": 22, "31": 21}[edu]
        work_start = date(min(born_year + grad_age, today.year), rng.choice([7, 8, 9]), 1)
        hire = (
            work_start if rng.random() < 0.8 else date(min(work_start.year + 1, today.year), 1, 1)
        )
        years = today.year - hire.year
        rank_code = (
            "R22"
            if years < 1
            else "R21"
            if years < 3
            else "R20"
            if years < 6
            else "R18"
            if years < 10
            else "R16"
            if years < 16
            else rng.choice(["R14", "R13", "R08"])
        )
        p = rng.random()
        pol = (
            "01"
            if p < 0.66
            else "02"
            if p < 0.70
            else "03"
            if (young and p < 0.86)
            else "13"
            if p < 0.97
            else rng.choice(["05", "06", "10"])
        )
        unit = rng.choice(workplaces)
        post = r.post_title(unit, rank_code, n)
        name = r._name(rng)
        full, initials = pinyin.keys(name)
        # The draws below follow the order of the record's fields.
        ethnicity_code = "01" if rng.random() < 0.93 else rng.choice(["03", "02", "06", "08"])
        party_join = (
            date(born_year + rng.randint(19, 24), rng.randint(1, 12), 1)
            if pol in ("01", "02")
            else None
        )
        school = rng.choice(r.SCHOOLS)
        expertise = f"{major}、{rng.choice(EXPERTISE)}"
        marital_code = "10" if (young and rng.random() < 0.6) else "20"
        phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        spouse = ""
        if marital_code == "20" and rng.random() < 0.15:
            spouse = rng.choice(["杭州市", "上海市", "兰州市", "宁波市", "南京市"])
        number = r._id_number(rng, div_code, born, g, used_numbers)
        rows.append(
            (
                ids[n], name, full, initials, gender[g], ethnicity[ethnicity_code], born,
                div_name, div_name, political[pol], party_join, work_start, hire,
                education[edu], degree.get(deg_code), school, major, unit.pk, post,
                rank[rank_code], date(min(hire.year + max(years // 2, 0), today.year), 1, 1),
                expertise, div_name, marital[marital_code], spouse, phone,
                idcard.encrypt(number), idcard.digest(number),
            )
        )  # fmt: skip
        people.append(
            (ids[n], name, born, work_start, hire, school, major, unit, post, edu, young, local)
        )
    insert_rows(Cadre, CADRE_FIELDS, rows)
    del rows
    _write_records(rng, people, tags, relation, political)
    return cadre_count


def _write_records(rng, people, tags, relation, political) -> None:
    from . import registry as r

    tag_links, resume, family, rewards, appraisals = [], [], [], [], []
    parents, in_laws = relation["10"], relation["11"]
    masses = political["13"]
    competent, excellent = Appraisal.Result.COMPETENT, Appraisal.Result.EXCELLENT
    for pk, name, born, work_start, hire, school, major, unit, post, edu, young, local in people:
        if young and rng.random() < 0.3:
            tag_links.append((pk, tags[0].pk))
        if young and rng.random() < 0.45:
            tag_links.append((pk, tags[1].pk))
        if unit.unit_type in (UnitType.PARTY_GOVT, UnitType.PARK) and rng.random() < 0.3:
            tag_links.append((pk, tags[2].pk))
        if not local:
            tag_links.append((pk, tags[3].pk))
        if unit.is_remote:
            tag_links.append((pk, tags[4].pk))
        study_years = {"11": 9, "14": 7, "21": 4, "31": 3}[edu]
        resume.append(
            (
                pk,
                date(work_start.year - study_years, 9, 1),
                date(work_start.year, 7, 1),
                f"{school}{major}专业学习",
                0,
            )
        )
        resume.append((pk, work_start, None, f"{unit.name}工作，{post}", 1))
        year = born.year
        family.append(
            (
                pk,
                parents,
                name[0] + rng.choice(r.GIVEN) + rng.choice(r.GIVEN),
                date(year - rng.randint(24, 32), rng.randint(1, 12), 1),
                masses,
                rng.choice(["退休", "个体经营", "某公司职员", "务农"]),
                0,
            )
        )
        family.append(
            (
                pk,
                in_laws,
                rng.choice(r.SURNAMES) + rng.choice(r.GIVEN) + rng.choice(r.GIVEN),
                date(year - rng.randint(22, 30), rng.randint(1, 12), 1),
                masses,
                rng.choice(["退休", "某小学教师", "务农", "某医院护士"]),
                1,
            )
        )
        for y in range(max(hire.year + 1, 2021), 2026):
            appraisals.append((pk, y, excellent if rng.random() < 0.18 else competent))
        if hire.year < 2025 and rng.random() < 0.08:
            rewards.append(
                (
                    pk,
                    RewardPunishment.Kind.REWARD,
                    date(rng.randint(max(hire.year, 2019), 2025), 12, 1),
                    "嘉奖",
                    f"{r.DISTRICT}人民政府",
                )
            )
    insert_rows(Cadre.tags.through, ("cadre_id", "tag_id"), tag_links)
    insert_rows(ResumeEntry, ("cadre_id", "start_date", "end_date", "content", "sort"), resume)
    insert_rows(
        FamilyMember,
        (
            "cadre_id",
            "relation_id",
            "name",
            "birth_date",
            "political_status_id",
            "work_unit_post",
            "sort",
        ),
        family,
    )
    insert_rows(Appraisal, ("cadre_id", "year", "result"), appraisals)
    insert_rows(RewardPunishment, ("cadre_id", "kind", "date", "content", "issuer"), rewards)
