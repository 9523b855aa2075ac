"""Eligibility (资格条件): each rule answers for one cadre, with a reason a person can read."""

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from qingmiao.cadres.models import Cadre, UnitType, full_years_between
from qingmiao.cadres.monthdate import format_month

from .models import EligibilityRule

_LEVEL_NAMES = {1: "研究生", 2: "大学本科", 3: "大学专科"}


@dataclass(frozen=True)
class RuleResult:
    key: str
    label: str
    ok: bool
    required: str
    actual: str

    def as_dict(self) -> dict:
        return asdict(self)


def _fmt(day: date | None) -> str:
    return day.strftime("%Y.%m.%d") if day else "—"


def check(
    rule: EligibilityRule | None, cadre: Cadre, *, today: date | None = None
) -> list[RuleResult]:
    """Every configured rule, in a fixed order, with what it asks and what the record shows.
    Rules left empty on the form are not listed: they ask nothing."""
    if rule is None:
        return []
    today = today or timezone.localdate()
    results: list[RuleResult] = []
    born = cadre.birth_date

    if rule.born_from or rule.born_to:
        ok = (rule.born_from is None or born >= rule.born_from) and (
            rule.born_to is None or born <= rule.born_to
        )
        if rule.born_from and rule.born_to:
            required = _("%(a)s 至 %(b)s 出生") % {
                "a": _fmt(rule.born_from),
                "b": _fmt(rule.born_to),
            }
        elif rule.born_from:
            required = _("%(a)s 及以后出生") % {"a": _fmt(rule.born_from)}
        else:
            required = _("%(b)s 及以前出生") % {"b": _fmt(rule.born_to)}
        results.append(RuleResult("birth_date", _("出生日期"), ok, required, _fmt(born)))

    if rule.max_age is not None:
        on = rule.age_reference_date or today
        age = full_years_between(born, on)
        results.append(
            RuleResult(
                "max_age",
                _("年龄"),
                age is not None and age <= rule.max_age,
                _("截至 %(d)s 不超过 %(n)s 周岁") % {"d": _fmt(on), "n": rule.max_age},
                _("%(n)s 周岁") % {"n": age},
            )
        )

    if rule.min_education_level is not None:
        best = cadre.highest_education
        level = best.education_level if best is not None else None
        results.append(
            RuleResult(
                "education",
                _("学历"),
                level is not None and level <= rule.min_education_level,
                _("%(name)s及以上") % {"name": _LEVEL_NAMES[rule.min_education_level]},
                best.name if best is not None else _("未填写"),
            )
        )

    statuses = list(rule.political_statuses.all())
    if statuses:
        current = cadre.political_status
        results.append(
            RuleResult(
                "political_status",
                _("政治面貌"),
                current is not None and current.pk in {s.pk for s in statuses},
                "、".join(s.short_name or s.name for s in statuses),
                (current.short_name or current.name) if current else _("未填写"),
            )
        )

    units = list(rule.units.all())
    if rule.unit_types or units:
        unit = cadre.unit
        ok_type = not rule.unit_types or unit.unit_type in rule.unit_types
        ok_unit = not units or any(unit.path.startswith(u.path) for u in units)
        parts = []
        if rule.unit_types:
            parts.append("、".join(str(UnitType(t).label) for t in rule.unit_types))
        if units:
            parts.append(_("%(names)s（含下级单位）") % {"names": "、".join(u.name for u in units)})
        results.append(
            RuleResult("unit", _("所在单位"), ok_type and ok_unit, "；".join(parts), unit.name)
        )

    if rule.min_years_since_hire is not None or rule.max_years_since_hire is not None:
        years = full_years_between(cadre.hire_date, today)
        ok = years is not None and (
            (rule.min_years_since_hire is None or years >= rule.min_years_since_hire)
            and (rule.max_years_since_hire is None or years <= rule.max_years_since_hire)
        )
        if rule.min_years_since_hire is not None and rule.max_years_since_hire is not None:
            required = _("入职 %(a)s 至 %(b)s 年") % {
                "a": rule.min_years_since_hire,
                "b": rule.max_years_since_hire,
            }
        elif rule.min_years_since_hire is not None:
            required = _("入职满 %(a)s 年") % {"a": rule.min_years_since_hire}
        else:
            required = _("入职不超过 %(b)s 年") % {"b": rule.max_years_since_hire}
        actual = (
            _("%(d)s 录用，%(n)s 年") % {"d": format_month(cadre.hire_date), "n": years}
            if years is not None
            else _("未填写录用时间")
        )
        results.append(RuleResult("years_since_hire", _("入职年限"), ok, required, actual))

    ranks = list(rule.ranks.all())
    if ranks:
        results.append(
            RuleResult(
                "rank",
                _("职务职级"),
                cadre.rank_id in {r.pk for r in ranks},
                "、".join(r.name for r in ranks),
                cadre.rank.name if cadre.rank_id else _("未填写"),
            )
        )

    tags = list(rule.required_tags.all())
    if tags:
        own = {t.pk for t in cadre.tags.all()}
        missing = [t.name for t in tags if t.pk not in own]
        results.append(
            RuleResult(
                "tags",
                _("标签"),
                not missing,
                "、".join(t.name for t in tags),
                _("缺少：%(names)s") % {"names": "、".join(missing)} if missing else _("均具备"),
            )
        )
    return results


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.ok for r in results)
