"""Rotating sign-in codes (签到码): what the room's screen shows and what a phone must send back.

The code is derived, never stored: HMAC-SHA256 keyed with the session's own secret and the
site's SECRET_KEY over the session and the current 30-second step, read as six digits. A code
is accepted during its own step and the one after (so a code read just before it turns still
works), never later: a photo of the screen sent to someone who is not in the room has expired
by the time it could be used. Knowing one session's codes tells nothing about another's.

Sign-in is open from `signin_opens_at` to `signin_closes_at`, or, when the session does not set
them, from 30 minutes before it starts until it ends.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

STEP_SECONDS = 30
ACCEPTED_STEPS = 2  # the current step and the previous one
DIGITS = 6
OPENS_BEFORE = timedelta(minutes=30)


def step_at(moment=None) -> int:
    moment = moment or timezone.now()
    return int(moment.timestamp()) // STEP_SECONDS


def code_for(session, step: int) -> str:
    key = f"{session.signin_secret}:{settings.SECRET_KEY}".encode()
    digest = hmac.new(key, f"{session.pk}:{step}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") % 10**DIGITS
    return f"{number:0{DIGITS}d}"


def current_code(session, moment=None) -> str:
    return code_for(session, step_at(moment))


def seconds_left(moment=None) -> int:
    moment = moment or timezone.now()
    return STEP_SECONDS - int(moment.timestamp()) % STEP_SECONDS


def code_valid(session, code: str, moment=None) -> bool:
    code = (code or "").strip()
    if len(code) != DIGITS or not code.isdigit():
        return False
    now = step_at(moment)
    return any(
        hmac.compare_digest(code, code_for(session, now - back)) for back in range(ACCEPTED_STEPS)
    )


def window(session):
    opens = session.signin_opens_at or session.starts_at - OPENS_BEFORE
    closes = session.signin_closes_at or session.ends_at
    return opens, closes


def is_open(session, moment=None) -> bool:
    moment = moment or timezone.now()
    opens, closes = window(session)
    return opens <= moment <= closes
