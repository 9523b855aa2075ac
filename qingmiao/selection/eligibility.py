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


def _unit_type(unit) -> str:
    """The type a unit counts as: an internal section (内设机构) belongs to the nearest unit
    above it that is not a section, so 综合科 of a 党政机关 counts as a 党政机关."""
    if unit.unit_type != UnitType.SECTION:
        return unit.unit_type
    above = [unit.path[:n] for n in range(unit.steplen, len(unit.path), unit.steplen)]
    owner = (
        type(unit)
        .objects.filter(path__in=above)
        .exclude(unit_type=UnitType.SECTION)
        .order_by("-depth")
        .first()
    )
    return owner.unit_type if owner is not None else unit.unit_type


# --- what each rule asks, in words (shared by `check` and `requirements`) ----------------


def _birth_required(rule: EligibilityRule) -> str:
    if rule.born_from and rule.born_to:
        return _("%(a)s 至 %(b)s 出生") % {"a": _fmt(rule.born_from), "b": _fmt(rule.born_to)}
    if rule.born_from:
        return _("%(a)s 及以后出生") % {"a": _fmt(rule.born_from)}
    return _("%(b)s 及以前出生") % {"b": _fmt(rule.born_to)}


def _age_required(rule: EligibilityRule, on: date) -> str:
    return _("截至 %(d)s 不超过 %(n)s 周岁") % {"d": _fmt(on), "n": rule.max_age}


def _education_required(level: int) -> str:
    return _("%(name)s及以上") % {"name": _LEVEL_NAMES[level]}


def _statuses_required(statuses) -> str:
    return "、".join(s.short_name or s.name for s in statuses)


def _unit_required(rule: EligibilityRule, units) -> str:
    parts = []
    if rule.unit_types:
        parts.append("、".join(str(UnitType(t).label) for t in rule.unit_types))
    if units:
        parts.append(_("%(names)s（含下级单位）") % {"names": "、".join(u.name for u in units)})
    return "；".join(parts)


def _hire_required(rule: EligibilityRule) -> str:
    if rule.min_years_since_hire is not None and rule.max_years_since_hire is not None:
        return _("入职 %(a)s 至 %(b)s 年") % {
            "a": rule.min_years_since_hire,
            "b": rule.max_years_since_hire,
        }
    if rule.min_years_since_hire is not None:
        return _("入职满 %(a)s 年") % {"a": rule.min_years_since_hire}
    return _("入职不超过 %(b)s 年") % {"b": rule.max_years_since_hire}


def _names(items) -> str:
    return "、".join(x.name for x in items)


def requirements(
    rule: EligibilityRule | None, *, today: date | None = None
) -> list[tuple[str, str, str]]:
    """(key, label, what is asked) for every configured rule, in the order `check` uses: the
    program page shows them to people who are not applying themselves."""
    if rule is None:
        return []
    today = today or timezone.localdate()
    out = []
    if rule.born_from or rule.born_to:
        out.append(("birth_date", _("出生日期"), _birth_required(rule)))
    if rule.max_age is not None:
        out.append(("max_age", _("年龄"), _age_required(rule, rule.age_reference_date or today)))
    if rule.min_education_level is not None:
        out.append(("education", _("学历"), _education_required(rule.min_education_level)))
    statuses = list(rule.political_statuses.all())
    if statuses:
        out.append(("political_status", _("政治面貌"), _statuses_required(statuses)))
    units = list(rule.units.all())
    if rule.unit_types or units:
        out.append(("unit", _("所在单位"), _unit_required(rule, units)))
    if rule.min_years_since_hire is not None or rule.max_years_since_hire is not None:
        out.append(("years_since_hire", _("入职年限"), _hire_required(rule)))
    ranks = list(rule.ranks.all())
    if ranks:
        out.append(("rank", _("职务职级"), _names(ranks)))
    tags = list(rule.required_tags.all())
    if tags:
        out.append(("tags", _("标签"), _names(tags)))
    return out


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
        results.append(
            RuleResult("birth_date", _("出生日期"), ok, _birth_required(rule), _fmt(born))
        )

    if rule.max_age is not None:
        on = rule.age_reference_date or today
        age = full_years_between(born, on)
        results.append(
            RuleResult(
                "max_age",
                _("年龄"),
                age is not None and age <= rule.max_age,
                _age_required(rule, on),
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
                _education_required(rule.min_education_level),
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
                _statuses_required(statuses),
                (current.short_name or current.name) if current else _("未填写"),
            )
        )

    units = list(rule.units.all())
    if rule.unit_types or units:
        unit = cadre.unit
        ok_type = not rule.unit_types or _unit_type(unit) in rule.unit_types
        ok_unit = not units or any(unit.path.startswith(u.path) for u in units)
        results.append(
            RuleResult(
                "unit", _("所在单位"), ok_type and ok_unit, _unit_required(rule, units), unit.name
            )
        )

    if rule.min_years_since_hire is not None or rule.max_years_since_hire is not None:
        years = full_years_between(cadre.hire_date, today)
        ok = years is not None and (
            (rule.min_years_since_hire is None or years >= rule.min_years_since_hire)
            and (rule.max_years_since_hire is None or years <= rule.max_years_since_hire)
        )
        required = _hire_required(rule)
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
                _names(ranks),
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
                _names(tags),
                _("缺少：%(names)s") % {"names": "、".join(missing)} if missing else _("均具备"),
            )
        )
    return results


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.ok for r in results)
