import re

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

_CLASSES = (
    re.compile(r"[a-z]"),
    re.compile(r"[A-Z]"),
    re.compile(r"[0-9]"),
    re.compile(r"[^a-zA-Z0-9]"),
)


class CharacterClassValidator:
    """Require characters from several classes (lower, upper, digit, symbol), as 等保 asks.

    Long passphrases (≥ 20 characters) are accepted with fewer classes: their length already
    gives the strength the classes are meant to buy.
    """

    def __init__(self, min_classes: int = 3, passphrase_length: int = 20):
        self.min_classes = min_classes
        self.passphrase_length = passphrase_length

    def validate(self, password, user=None):
        if len(password) >= self.passphrase_length:
            return
        found = sum(1 for pattern in _CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(
                ngettext(
                    "密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。",
                    "密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。",
                    self.min_classes,
                )
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return ngettext(
            "密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。",
            "密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。",
            self.min_classes,
        ) % {"n": self.min_classes}
