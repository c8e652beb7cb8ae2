"""Rule 35: the reporter (举报人) of a case is confidential.

The name and contact are stored only as Fernet ciphertext under the project's ID-number keys
(``people.idcrypto``), in the live row and so in its history rows; ``reporter_for`` is the one
policy every page goes through: the office admin of the case's region and the case's handler
read them, everyone else reads ``CONFIDENTIAL``. Lists, ledgers, exports, history views and the
admin site never show them, to anyone. A key rotation re-encrypts them (``rekey_reporters``).
"""

from dataclasses import dataclass

from simple_history.utils import bulk_update_with_history

from bianzhi import access
from bianzhi.history import system_actor
from people import idcrypto

from .models import Case

CONFIDENTIAL = "（保密：仅编办管理员和承办人可见）"
ANONYMOUS = "（未留姓名）"
NO_CONTACT = "（未留联系方式）"


def seal(text: str) -> str:
    """The ciphertext stored for ``text`` (empty stays empty)."""
    text = (text or "").strip()
    return idcrypto.vault().encrypt(text.encode()).decode() if text else ""


def unseal(token: str) -> str:
    return idcrypto.vault().decrypt(token.encode()).decode() if token else ""


@dataclass(frozen=True)
class Reporter:
    name: str
    contact: str


def may_see_reporter(user, case) -> bool:
    """The office admin of the case's region, and the case's own handler (while they hold an
    office role in the region): nobody else, whatever their role."""
    role = access.role_of(user)
    if role not in access.OFFICE_ROLES:
        return False
    if case.region_id not in access.user_scope(user).region_ids():
        return False
    return role == access.Role.OFFICE_ADMIN or (
        case.handler_id is not None and case.handler_id == user.pk
    )


def reporter_for(user, case) -> Reporter | None:
    """The reporter as ``user`` may read them, or None where they may not."""
    if not may_see_reporter(user, case):
        return None
    return Reporter(
        name=unseal(case.reporter_name_encrypted) or ANONYMOUS,
        contact=unseal(case.reporter_contact_encrypted) or NO_CONTACT,
    )


REKEY_REASON = "举报人信息加密密钥轮换"
SEALED = ("reporter_name_encrypted", "reporter_contact_encrypted")


def _rotate(row) -> None:
    for name in SEALED:
        value = getattr(row, name)
        if value:
            setattr(row, name, idcrypto.rotate(value))


def rekey_reporters() -> str:
    """Re-encrypt every case's reporter (live and history rows) under the current key, run by
    ``rotate_id_key`` with the ID numbers. A history row is not itself tracked, so it is
    rewritten in place, as the ID numbers' are."""
    history = Case.history.model
    rows = list(history._default_manager.all())
    for row in rows:
        _rotate(row)
    history._default_manager.bulk_update(rows, list(SEALED), batch_size=500)
    cases = list(Case.objects.all())
    for case in cases:
        _rotate(case)
    bulk_update_with_history(
        cases,
        Case,
        list(SEALED),
        batch_size=500,
        default_user=system_actor(),
        default_change_reason=REKEY_REASON,
    )
    return f"已重新加密 {len(cases)} 件违规案件的举报人信息和 {len(rows)} 条案件历史记录。"
