"""The 优秀 quota of the annual appraisal (年度考核), which the entry page states and the
services enforce, with one message.

Rule: in each unit, the cadres graded 优秀 in a year may not exceed the year's share (20 %
unless the organization department sets another) of the cadres the unit grades that year,
rounded DOWN: quota = floor(n × share). n counts every cadre of the unit with a grade that
year except those marked 不确定等次 (they take part in no ranking). The share is a ceiling
(“不超过”), so rounding up would let a unit exceed it; a unit of fewer than five graded cadres
at 20 % therefore has no 优秀 place of its own — the usual practice of pooling small units is
left to the organization department. The unit is the cadre's own unit (not its subtree).
"""

from django.utils.translation import gettext as _

from qingmiao.cadres.models import Appraisal

from .models import AppraisalQuota

DEFAULT_PERCENT = 20
EXCELLENT = Appraisal.Result.EXCELLENT
UNRATED = Appraisal.Result.UNRATED


def percent_for(year: int) -> int:
    row = AppraisalQuota.objects.filter(year=year).first()
    return row.excellent_percent if row else DEFAULT_PERCENT


def quota(graded: int, percent: int) -> int:
    """floor(graded × percent / 100), in integers."""
    return graded * percent // 100


def rule_text(percent: int) -> str:
    return _(
        "各单位评为优秀的人数不超过参加定等次人数的 %(p)s%%（向下取整），不确定等次的人员不计入。"
    ) % {"p": percent}


def over_quota_message(unit_name: str, excellent: int, graded: int, percent: int) -> str:
    return _(
        "%(unit)s：优秀 %(n)s 人，超过限额 %(q)s 人（参加定等次 %(g)s 人 × %(p)s%%，向下取整）。"
    ) % {
        "unit": unit_name,
        "n": excellent,
        "q": quota(graded, percent),
        "g": graded,
        "p": percent,
    }


def check(grades, percent: int) -> tuple[int, int, bool]:
    """(excellent, graded, within) for one unit's final grades."""
    grades = list(grades)
    graded = sum(1 for g in grades if g != UNRATED)
    excellent = sum(1 for g in grades if g == EXCELLENT)
    return excellent, graded, excellent <= quota(graded, percent)
