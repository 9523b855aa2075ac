"""Pinyin keys for finding a cadre by 张伟, zhangwei or zw."""

import functools

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's most common reading (单 shàn, not dān).
_SURNAMES: dict[str, list[str]] = {
    "长孙": ["zhang", "sun"], "万俟": ["mo", "qi"], "尉迟": ["yu", "chi"],
    "曾": ["zeng"], "单": ["shan"], "仇": ["qiu"], "解": ["xie"], "区": ["ou"],
    "查": ["zha"], "朴": ["piao"], "覃": ["qin"], "盖": ["ge"], "乐": ["yue"],
    "繁": ["po"], "缪": ["miao"], "翟": ["zhai"], "员": ["yun"], "种": ["chong"],
    "秘": ["bi"], "折": ["she"], "召": ["shao"], "重": ["chong"],
}  # fmt: skip


def syllables(name: str) -> list[str]:
    name = (name or "").strip()
    for surname in sorted(_SURNAMES, key=len, reverse=True):
        if name.startswith(surname) and len(name) > len(surname):
            rest = lazy_pinyin(name[len(surname) :], style=Style.NORMAL, errors="ignore")
            return [*_SURNAMES[surname], *rest]
    return lazy_pinyin(name, style=Style.NORMAL, errors="ignore")


def full(name: str) -> str:
    return "".join(syllables(name)).lower().replace("ü", "v")


def initials(name: str) -> str:
    return "".join(s[0] for s in syllables(name) if s).lower()


@functools.lru_cache(maxsize=65536)
def keys(name: str) -> tuple[str, str]:
    """(full, initials) from one reading of the name, for writing many records at once (a
    large register repeats names, and reading a name is the slow part)."""
    parts = syllables(name)
    return "".join(parts).lower().replace("ü", "v"), "".join(s[0] for s in parts if s).lower()
