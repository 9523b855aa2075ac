"""The rules of a democratic evaluation's slips, which the pages, the API and the services share.

- A slip's code is random (`secrets`), 8 characters from an alphabet without look-alikes
  (no 0/O, 1/I), written QM-XXXX-XXXX; only its keyed hash (HMAC-SHA256 under
  settings.BALLOT_SLIP_KEY) is stored, so a database copy does not give the codes back.
- Guessing is rate-limited: after `GUESS_LIMIT` wrong codes from one address within
  `GUESS_WINDOW` seconds, every code is refused until the window passes.
- The window: a ballot is accepted from `opens_at` until `closes_at` or an early close.
- Results are shown only once the window has closed AND the slips used reach the minimum
  share of slips issued (e.g. 2/3): used × denominator ≥ issued × numerator, in integers.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 signs: 8 of them give 40 bits
CODE_LENGTH = 8
PREFIX = "QM"
GUESS_LIMIT = 10
GUESS_WINDOW = 600  # seconds

PENDING, OPEN, CLOSED = "pending", "open", "closed"
STATE_LABELS = {
    PENDING: gettext_lazy("未开始"),
    OPEN: gettext_lazy("进行中"),
    CLOSED: gettext_lazy("已结束"),
}


def format_code(raw: str) -> str:
    return f"{PREFIX}-{raw[:4]}-{raw[4:]}"


def new_code() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def derived_code(seed: str) -> str:
    """A code fixed by a seed (the demo's printed slip), same alphabet and form."""
    digest = hmac.new(b"qingmiao-demo-slip", seed.encode(), hashlib.sha256).digest()
    return format_code("".join(ALPHABET[b % len(ALPHABET)] for b in digest[:CODE_LENGTH]))


def normalize(code: str) -> str:
    """What a voter typed, read leniently: case, spaces, dashes and the prefix do not matter."""
    text = "".join(ch for ch in str(code or "").upper() if ch.isalnum())
    if text.startswith(PREFIX) and len(text) == CODE_LENGTH + len(PREFIX):
        text = text[len(PREFIX) :]
    return text


def code_hash(code: str) -> str:
    key = settings.BALLOT_SLIP_KEY.encode()
    return hmac.new(key, normalize(code).encode(), hashlib.sha256).hexdigest()


def well_formed(code: str) -> bool:
    text = normalize(code)
    return len(text) == CODE_LENGTH and all(ch in ALPHABET for ch in text)


# --- guessing -------------------------------------------------------------------------------


def _guess_key(client: str) -> str:
    return "qm:slip-guess:" + hashlib.sha256(client.encode()).hexdigest()[:32]


def guesses_exhausted(client: str) -> bool:
    return cache.get(_guess_key(client), 0) >= GUESS_LIMIT


def guess_failed(client: str) -> None:
    key = _guess_key(client)
    if cache.add(key, 1, GUESS_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, GUESS_WINDOW)


def too_many_guesses_message() -> str:
    return _("输入错误次数过多，请 10 分钟后再试。")


# --- window and results -----------------------------------------------------------------------


def state(evaluation, now=None) -> str:
    now = now or timezone.now()
    if evaluation.closed_at is not None or now >= evaluation.closes_at:
        return CLOSED
    if now < evaluation.opens_at:
        return PENDING
    return OPEN


def turnout_reached(evaluation, issued: int, used: int) -> bool:
    num, den = evaluation.turnout_fraction()
    return issued > 0 and used * den >= issued * num


def results_visible(evaluation, issued: int, used: int, now=None) -> bool:
    return state(evaluation, now) == CLOSED and turnout_reached(evaluation, issued, used)


def results_withheld_reason(evaluation, issued: int, used: int, now=None) -> str:
    """Why the results are not shown yet, in one sentence (pages and API)."""
    if state(evaluation, now) != CLOSED:
        return _("测评结束后才公布结果，目前只显示回收情况。")
    if not turnout_reached(evaluation, issued, used):
        return _("回收的测评票未达到发出票数的%(share)s，结果不予公布。") % {
            "share": evaluation.get_min_turnout_display()
        }
    return ""
