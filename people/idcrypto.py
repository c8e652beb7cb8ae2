"""身份证号加密存储: ID numbers at rest (个人信息保护法: sensitive personal information).

A person's number is stored three ways, never in plain text: Fernet ciphertext (``encrypt``), an
HMAC-SHA256 blind index of the normalised number (``blind_index``: exact lookup and the rule 7
unique constraint, nothing partial) and the masked form lists show. Keys come from settings
(``ID_KEY``, ``ID_KEYS_OLD``, ``ID_INDEX_KEY``); old keys only decrypt, until ``rotate_id_key``
has re-encrypted every row with the current one.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _vault(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def vault() -> MultiFernet:
    """The current key first (it encrypts), then the old ones (they only decrypt)."""
    return _vault((settings.ID_KEY, *settings.ID_KEYS_OLD))


def normalised(number: str) -> str:
    return (number or "").strip().upper()


def encrypt(number: str) -> str:
    return vault().encrypt(normalised(number).encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return vault().decrypt(token.encode()).decode()


def decrypt_many(tokens):
    """Decrypt a column of ciphertexts; the same key object serves every row."""
    keys = vault()
    return [keys.decrypt(token.encode()).decode() if token else "" for token in tokens]


def rotate(token: str) -> str:
    """The same number under the current key (decrypts with any configured key)."""
    return vault().rotate(token.encode()).decode() if token else token


def blind_index(number: str) -> str:
    """Hex HMAC-SHA256 of the normalised number: equal numbers, equal index; nothing else."""
    key = settings.ID_INDEX_KEY.encode()
    return hmac.new(key, normalised(number).encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    """Any bytes holding ID numbers (a certificate's stored PDF) under the current key."""
    return vault().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return vault().decrypt(token)


def rotate_bytes(token: bytes) -> bytes:
    return vault().rotate(token)


# Other stores of ID numbers (certificate snapshots and PDFs) re-encrypt themselves when the key
# rotates: apps that may not be imported here register ``hook() -> str`` (what it rewrote), run by
# ``rotate_id_key`` inside its transaction.
rotation_hooks: list = []


# A request item's data holds the proposed person (``new_person`` of an entry, ``person`` of a
# correction); the ID number inside is sealed like the columns.
PERSON_PARTS = ("new_person", "person")
ID_KEY = "id_number"
_LONGEST_NUMBER = 18


def _sealed_part(part: dict) -> dict:
    number = part.get(ID_KEY)
    if not number or len(number) > _LONGEST_NUMBER:  # absent, or already a ciphertext
        return part
    return {**part, ID_KEY: encrypt(number)}


def _opened_part(part: dict) -> dict:
    number = part.get(ID_KEY)
    if not number or len(number) <= _LONGEST_NUMBER:
        return part
    return {**part, ID_KEY: decrypt(number)}


def seal_data(data: dict) -> dict:
    """``data`` with the ID numbers of its person parts encrypted (idempotent)."""
    if not isinstance(data, dict):
        return data
    return {
        key: _sealed_part(value) if key in PERSON_PARTS and isinstance(value, dict) else value
        for key, value in data.items()
    }


def open_part(data: dict, part: str) -> dict:
    """One person part of ``data`` (empty if absent) with its ID number decrypted."""
    return _opened_part(data.get(part) or {})


def open_data(data: dict) -> dict:
    """``data`` with every person part's ID number decrypted (the history page's reader)."""
    if not isinstance(data, dict):
        return data
    return {
        key: _opened_part(value) if key in PERSON_PARTS and isinstance(value, dict) else value
        for key, value in data.items()
    }
