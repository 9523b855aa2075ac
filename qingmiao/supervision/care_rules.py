"""How care flags are derived from the cadre record (关爱对象认定), used by the flag refresh
(on every save of a record, and over everyone by `manage.py supervision_care_flags` or after
the rules change) and stated on the rules page in the same words.

A unit's region is its 行政区划 (GB/T 2260) or, when it has none, its nearest ancestor's. A
place written on a record (籍贯, 户籍所在地, 配偶工作地) is *local* when it names a division of
the unit's prefecture (市/州: any of its counties, with or without 区/县/市) or one of the
organization department's own local place names (a new district's name that is not in the code
table). The rules:

- 户籍在外地: 户籍所在地 is written and not local.
- 偏远乡镇工作: the unit (or an ancestor) is marked remote, or listed among the remote units.
- 夫妻两地分居: 配偶工作地 is written and not local; without it, the spouse's 工作单位及职务
  names a city or province outside the unit's prefecture.
- 新录用远离家乡: hired within the configured number of years, and the 籍贯 is outside the unit's
  province (and not a local place name).

The place matching is done once per distinct (region, text), so the refresh over 100,000
records runs in memory over a few thousand distinct places.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from qingmiao.cadres.models import CodeItem, CodeTable, OrgUnit

from .models import CareRules, FlagKind

SPOUSE_CODES = ("12", "13")  # GB/T 4761: 丈夫, 妻子
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
)


def name_forms(name: str) -> set[str]:
    """'巴州区' → {'巴州区', '巴州'}: offices write places with or without the suffix."""
    forms = {name}
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    return forms


def rules() -> CareRules:
    return CareRules.objects.filter(pk=1).first() or CareRules(pk=1)


@dataclass
class Gazetteer:
    """The rules' local names and the GB/T 2260 names by prefecture and province."""

    local_places: list[str]
    recent_years: int
    city: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    province: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    big_names: set[str] = field(default_factory=set)  # full names of cities and provinces
    _memo: dict = field(default_factory=dict)

    @classmethod
    def load(
        cls, care_rules: CareRules | None = None, provinces: set[str] | None = None
    ) -> "Gazetteer":
        """The rules and the code table; only the `provinces` (2-digit prefixes) named, plus
        every city and province name, when the caller knows which regions it will ask about
        (one record saved), so a save reads a few hundred names instead of 3,000."""
        care_rules = care_rules or rules()
        g = cls(
            local_places=sorted(
                {f for p in CareRules.lines(care_rules.local_places) for f in name_forms(p)}
            ),
            recent_years=care_rules.recent_years,
        )
        divisions = CodeItem.objects.filter(table=CodeTable.DIVISION)
        if provinces is not None:
            wanted = Q(code__endswith="00")
            for prefix in provinces:
                wanted |= Q(code__startswith=prefix)
            divisions = divisions.filter(wanted)
        for code, name in divisions.values_list("code", "name"):
            forms = name_forms(name)
            g.province[code[:2]] |= forms
            if code[2:] != "0000":
                g.city[code[:4]] |= forms
            if code[4:] == "00":
                g.big_names.add(name)
        return g

    def _names(self, text: str, names) -> bool:
        return any(n in text for n in names)

    def is_local(self, region: str | None, text: str) -> bool:
        key = ("local", region, text)
        if key not in self._memo:
            names = self.city.get(region[:4], set()) if region else set()
            self._memo[key] = self._names(text, names) or self._names(text, self.local_places)
        return self._memo[key]

    def in_province(self, region: str | None, text: str) -> bool:
        key = ("province", region, text)
        if key not in self._memo:
            names = self.province.get(region[:2], set()) if region else set()
            self._memo[key] = self.is_local(region, text) or self._names(text, names)
        return self._memo[key]

    def names_elsewhere(self, region: str | None, text: str) -> bool:
        """Does `text` (a work unit and post) name a city or province, and none local?"""
        key = ("elsewhere", region, text)
        if key not in self._memo:
            named = self._names(text, self.big_names)
            self._memo[key] = named and not self.is_local(region, text)
        return self._memo[key]


@dataclass(frozen=True)
class Unit:
    region: str | None
    remote: bool


def units(remote_paths: list[str], unit_ids=None) -> dict[int, Unit]:
    """Each unit's region (its own division or its nearest ancestor's) and remoteness: of
    every unit, or of `unit_ids` only (reading just them and their ancestors)."""
    step = OrgUnit.steplen
    fields = ("pk", "path", "division__code", "is_remote")
    if unit_ids is None:
        rows = list(OrgUnit.objects.values_list(*fields))
        targets = rows
    else:
        paths = OrgUnit.objects.filter(pk__in=list(unit_ids)).values_list("path", flat=True)
        ancestors = {p[: i * step] for p in paths for i in range(1, len(p) // step + 1)}
        rows = list(OrgUnit.objects.filter(path__in=ancestors).values_list(*fields))
        targets = [r for r in rows if r[0] in set(unit_ids)]
    by_path = {path: (division, remote) for _pk, path, division, remote in rows}
    out = {}
    for pk, path, _division, _remote in targets:
        region, remote = None, False
        for depth in range(len(path) // step, 0, -1):
            division, is_remote = by_path.get(path[: depth * step], (None, False))
            region = region or division
            remote = remote or is_remote
        remote = remote or any(path.startswith(p) for p in remote_paths)
        out[pk] = Unit(region=region, remote=remote)
    return out


def derive(g: Gazetteer, unit: Unit, record: dict, spouse_posts: list[str], today: date) -> dict:
    """The flags one record earns: {kind: basis}, the basis being the place read from the
    record (shown beside the flag). `record` holds the cadre's native_place,
    household_registration, spouse_location and hire_date."""
    flags = {}
    region = unit.region
    household = (record.get("household_registration") or "").strip()
    if household and not g.is_local(region, household):
        flags[FlagKind.HOUSEHOLD_ELSEWHERE] = household
    if unit.remote:
        flags[FlagKind.REMOTE_TOWNSHIP] = ""
    spouse = (record.get("spouse_location") or "").strip()
    if spouse:
        if not g.is_local(region, spouse):
            flags[FlagKind.SEPARATED_FAMILY] = spouse
    else:
        for post in spouse_posts:
            if post and g.names_elsewhere(region, post):
                flags[FlagKind.SEPARATED_FAMILY] = post
                break
    hired = record.get("hire_date")
    native = (record.get("native_place") or "").strip()
    recent = hired and _within_years(hired, today, g.recent_years)
    if recent and native and not g.in_province(region, native):
        flags[FlagKind.FAR_FROM_HOME] = native
    return flags


def _within_years(day: date, today: date, years: int) -> bool:
    try:
        since = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        since = today.replace(year=today.year - years, day=28)
    return day > since


def spouse_q() -> Q:
    return Q(relation__code__in=SPOUSE_CODES)
