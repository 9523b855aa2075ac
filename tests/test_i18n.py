"""Translations: msgids are the Chinese UI text; the English catalogue must cover every one.

locale/en/LC_MESSAGES/django.po is checked three ways: it is complete (nothing untranslated or
fuzzy, placeholders kept), it is current (regenerating it from the source adds nothing), and
the pages really switch language (the language cookie gives English, no preference Chinese).
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The same options as `make messages-update`.
MAKEMESSAGES_ARGS = (
    "makemessages",
    "-l",
    "en",
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=var",
    "--ignore=test-artifacts",
    "--no-obsolete",
    "--add-location=file",
)
REFRESH_HINT = "run `make messages-update`, translate the new entries, then `make messages`"
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def describe(self) -> str:
        text = self.msgid if self.msgctxt is None else f"{self.msgctxt}|{self.msgid}"
        return f"line {self.line}: {text!r}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def parse_po(text: str) -> list[Entry]:
    """Entries of a gettext catalogue, with their flags; obsolete (#~) entries are marked."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def new_entry(number: int) -> Entry:
        created = Entry(line=number)
        entries.append(created)
        return created

    def append(value: str) -> None:
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # the previous msgid of an obsolete entry
                continue
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#"):
            if entry is None or entry.msgid is not None:
                entry = new_entry(number)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.locations.extend(line[2:].split())
            target = None
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if (
                entry is None
                or (keyword in ("msgctxt", "msgid") and entry.msgid is not None)
                or (keyword == "msgctxt" and entry.msgctxt is not None)
            ):
                entry = new_entry(number)
            entry.obsolete = entry.obsolete or obsolete
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
            else:
                target = (keyword, None)
            append(ast.literal_eval(literal))
        elif line.startswith('"') and entry is not None and target is not None:
            append(ast.literal_eval(line))
        else:
            raise ValueError(f"{number}: cannot parse {raw!r}")
    return entries


@cache
def catalogue() -> tuple[Entry, ...]:
    return tuple(parse_po(PO_FILE.read_text(encoding="utf-8")))


def messages() -> list[Entry]:
    return [e for e in catalogue() if not e.is_header and not e.obsolete]


def header() -> dict[str, str]:
    entry = next(e for e in catalogue() if e.is_header)
    pairs = (line.split(":", 1) for line in entry.msgstr[0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def translated(msgid: str) -> str:
    """The catalogue's English for a msgid (so tests do not restate the translations)."""
    for entry in messages():
        if entry.msgid == msgid and entry.msgctxt is None:
            return entry.msgstr[0]
    raise KeyError(msgid)


@pytest.fixture(autouse=True)
def keep_active_language():
    """A request activates its language in the test's thread; put back the one before it."""
    with translation.override(translation.get_language()):
        yield


# The English catalogue is complete.


def test_header_declares_english_utf8_and_plural_rule():
    entry = next(e for e in catalogue() if e.is_header)
    assert "fuzzy" not in entry.flags
    fields = header()
    assert fields["Language"] == "en"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_entry_is_translated_and_none_is_fuzzy():
    nplurals = int(re.search(r"nplurals=(\d+)", header()["Plural-Forms"]).group(1))
    untranslated = [
        e.describe()
        for e in messages()
        if any(
            not e.msgstr.get(i) for i in (range(nplurals) if e.msgid_plural is not None else [0])
        )
    ]
    fuzzy = [e.describe() for e in messages() if "fuzzy" in e.flags]
    obsolete = [e.describe() for e in catalogue() if e.obsolete]
    assert not untranslated, "Untranslated in django.po:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy (needs review) in django.po:\n" + "\n".join(fuzzy)
    assert not obsolete, "Obsolete entries in django.po:\n" + "\n".join(obsolete)


def test_translations_keep_the_named_placeholders():
    wrong = []
    for e in messages():
        expected = set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
        for index, text in sorted(e.msgstr.items()):
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append(f"{e.describe()} msgstr[{index}]={text!r}")
    assert not wrong, "Placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_catalogue_compiles_with_format_checks(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is required (make system-packages)"
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(PO_FILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_compiled_catalogue_matches_the_po_file():
    assert MO_FILE.exists(), f"{MO_FILE.relative_to(ROOT)} is missing: run `make messages`"
    with MO_FILE.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in messages():
        if e.msgid_plural is None:
            got = [
                compiled.gettext(e.msgid)
                if e.msgctxt is None
                else compiled.pgettext(e.msgctxt, e.msgid)
            ]
            want = [e.msgstr[0]]
        else:
            got = [
                compiled.ngettext(e.msgid, e.msgid_plural, n)
                if e.msgctxt is None
                else compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                for n in (1, 2)
            ]
            want = [e.msgstr[0], e.msgstr[1]]
        if got != want:
            stale.append(e.describe())
    assert not stale, "django.mo is out of date (run `make messages`):\n" + "\n".join(stale)


# The catalogue is current: every translatable string in the source has an entry.


@pytest.fixture(scope="module")
def makemessages_run(tmp_path_factory) -> tuple[list[Entry], str]:
    """makemessages over the source as it is now, run in a copy of the project so that the
    committed locale/ is left alone: the catalogue it builds, and its warnings."""
    tree = tmp_path_factory.mktemp("i18n") / "project"
    shutil.copytree(
        ROOT,
        tree,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".*", "node_modules", "var", "test-artifacts", "__pycache__", "locale", "*.mo"
        ),
    )
    # Untranslated gettext tools, so that their warnings can be read below.
    env = {k: v for k, v in os.environ.items() if k != "LANGUAGE"} | {"LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = tree / "locale" / "en" / "LC_MESSAGES" / "django.po"
    return parse_po(fresh.read_text(encoding="utf-8")), result.stderr


@pytest.fixture(scope="module")
def regenerated(makemessages_run) -> dict:
    entries, _warnings = makemessages_run
    return {e.key: e for e in entries if not e.is_header and not e.obsolete}


def test_every_translatable_string_in_the_source_is_in_the_catalogue(regenerated):
    committed = {e.key for e in messages()}
    missing = [
        f"{e.msgid!r} ({', '.join(e.locations)})"
        for key, e in regenerated.items()
        if key not in committed
    ]
    assert not missing, f"Not in django.po ({REFRESH_HINT}):\n" + "\n".join(missing)


def test_catalogue_has_no_entries_the_source_no_longer_uses(regenerated):
    unused = [e.describe() for e in messages() if e.key not in regenerated]
    assert not unused, f"No longer in the source ({REFRESH_HINT}):\n" + "\n".join(unused)


def test_no_msgid_is_used_both_with_and_without_plural(makemessages_run):
    """The catalogue keeps such a msgid only as a plural entry, so the singular use (gettext,
    or blocktranslate without count) would stay Chinese in English pages."""
    _entries, warnings = makemessages_run
    clashes = re.findall(r"msgid '(.*)' is used without plural and with plural", warnings)
    assert not clashes, (
        "Used both with and without plural (add `count` or reword one of them):\n"
        + "\n".join(clashes)
    )


# Pages and messages switch language.


def test_gettext_returns_english_under_override():
    msgid = "干部档案"  # held in a variable so that makemessages does not collect it from here
    with translation.override("en"):
        assert translation.gettext(msgid) == "Cadre records"
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == "干部档案"


def test_plural_forms_follow_the_count():
    singular = plural = "共 %(n)s 人"
    with translation.override("en"):
        assert translation.ngettext(singular, plural, 1) % {"n": 1} == "1 person"
        assert translation.ngettext(singular, plural, 3) % {"n": 3} == "3 people"


def test_password_rule_help_text_is_translated():
    from qingmiao.accounts.validators import CharacterClassValidator

    with translation.override("en"):
        text = CharacterClassValidator(min_classes=3).get_help_text()
    assert text.startswith("The password must contain at least 3 ")


def _login_page(client, **kwargs) -> str:
    response = client.get(reverse("accounts:login"), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


LOGIN_LABELS = ("登录", "用户名", "密码", "年轻干部选育管用平台", "仅限内部网络使用")


def test_login_page_is_english_with_the_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _login_page(client)
    assert '<html lang="en">' in html
    for msgid in LOGIN_LABELS:
        assert translated(msgid) in html
        assert msgid not in html


def test_login_page_is_chinese_by_default(client, db):
    html = _login_page(client)
    assert '<html lang="zh-CN">' in html
    for msgid in LOGIN_LABELS:
        assert msgid in html
        assert translated(msgid) not in html


def test_login_page_follows_the_browser_language(client, db):
    html = _login_page(client, headers={"accept-language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in html
    assert translated("仅限内部网络使用") in html


def test_cadre_list_filters_in_english(client, people):
    client.force_login(people.officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("cadres:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and translated("干部档案") in html
    assert f">{translated('全部')}</option>" in html
    assert translated("90后") in html
    assert "2 people" in html
    assert "全部" not in html
