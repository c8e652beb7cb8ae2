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
