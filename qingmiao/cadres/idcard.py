"""Resident ID numbers (GB 11643-1999): validation, protection at rest, masking.

Numbers are stored encrypted (Fernet, keys from FIELD_ENCRYPTION_KEYS, rotatable) with a keyed
hash beside them for uniqueness and exact look-up, so a database dump reveals neither.
"""

import functools
import hashlib
import hmac
from datetime import date

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def birth_date_of(number: str) -> date:
    """The birth date embedded in a valid 18- or 15-digit number."""
    number = normalize(number)
    if len(number) == 18:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    # 15-digit numbers (issued before 1999) carry a two-digit year in the 1900s.
    return date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def upgrade_15(number: str) -> str:
    """Convert a legacy 15-digit number to its 18-digit form (insert '19', add check char)."""
    number = normalize(number)
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def validate(value: str, birth_date: date | None = None) -> str:
    """Return the normalized 18-digit number or raise ValidationError with a Chinese message.

    Legacy 15-digit numbers are accepted and upgraded. When `birth_date` is given, the date
    inside the number must agree with it.
    """
    number = normalize(value)
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("15 位身份证号码只能由数字组成。"), code="id_format")
        try:
            birth_date_of(number)
        except ValueError:
            raise ValidationError(
                _("身份证号码中的出生日期不存在。"), code="id_birth_date"
            ) from None
        number = upgrade_15(number)
    if len(number) != 18:
        raise ValidationError(_("身份证号码应为 18 位（或旧版 15 位）。"), code="id_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("身份证号码前 17 位应为数字，最后一位为数字或 X。"), code="id_format"
        )
    try:
        embedded = birth_date_of(number)
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期不存在。"), code="id_birth_date") from None
    if embedded > date.today() or embedded.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期不合理。"), code="id_birth_date")
    if check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对。"), code="id_checksum")
    if birth_date is not None and (embedded.year, embedded.month) != (
        birth_date.year,
        birth_date.month,
    ):
        raise ValidationError(
            _("身份证号码中的出生日期（%(id)s）与出生年月（%(given)s）不一致。")
            % {"id": embedded.strftime("%Y.%m.%d"), "given": birth_date.strftime("%Y.%m")},
            code="id_birth_mismatch",
        )
    return number


def gender_code_of(number: str) -> str:
    """GB/T 2261.1 code implied by the sequence digit: odd → 1 男, even → 2 女."""
    return "1" if int(normalize(number)[16]) % 2 else "2"


def mask(number: str | None) -> str:
    """110101********1234: division code and last four kept, birth date and sequence hidden."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


@functools.lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    # Keyed by the keys themselves, so a rotation (or a test's override) takes effect at once.
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode()).decode()


def digest(number: str) -> str:
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, normalize(number).encode(), hashlib.sha256).hexdigest()
