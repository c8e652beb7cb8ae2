"""Initial passwords and the complexity rule (等保 2.0: 口令复杂度)."""

import secrets
import string

from django.core.exceptions import ValidationError

from bianzhi.access import OFFICE_ROLES, role_of

# No characters that read alike on a printed list (0/O, 1/l/I).
_LETTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
INITIAL_PASSWORD_LENGTH = 12
OFFICE_MIN_LENGTH = 10

NEEDS_LETTERS_AND_DIGITS = "密码必须同时包含字母和数字。"
OFFICE_TOO_SHORT = f"编办人员和系统管理员的密码不少于 {OFFICE_MIN_LENGTH} 个字符。"


def generate_password() -> str:
    """A random initial password that passes every validator, for one sign-in only."""
    while True:
        password = "".join(
            secrets.choice(_LETTERS + _DIGITS) for _ in range(INITIAL_PASSWORD_LENGTH)
        )
        if any(c in _LETTERS for c in password) and sum(c in _DIGITS for c in password) >= 2:
            return password


def is_office_account(user) -> bool:
    if user is None:
        return False
    if getattr(user, "is_superuser", False):
        return True
    role = getattr(user, "_intended_role", None) or role_of(user)
    return role in OFFICE_ROLES


class LettersAndDigitsValidator:
    """Letters and digits in every password; at least 10 characters for the office's accounts
    (they see full ID numbers) and for superusers."""

    def validate(self, password, user=None):
        errors = []
        has_letter = any(c in string.ascii_letters or c.isalpha() for c in password)
        if not (has_letter and any(c.isdigit() for c in password)):
            errors.append(ValidationError(NEEDS_LETTERS_AND_DIGITS, code="password_letters_digits"))
        if is_office_account(user) and len(password) < OFFICE_MIN_LENGTH:
            errors.append(ValidationError(OFFICE_TOO_SHORT, code="password_office_too_short"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return f"密码须同时包含字母和数字；编办人员的密码不少于 {OFFICE_MIN_LENGTH} 个字符。"
