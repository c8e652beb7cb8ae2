"""At rest a certificate holds no ID number in plain text (个人信息保护法): in the frozen snapshot
each roster row keeps its number masked beside a Fernet token of the full one, and the stored PDF
file is the PDF encrypted whole, with the project's ID-number keys (people.idcrypto). ``pdf_sha256``
stays the hash of the PDF a reader gets, so verification and the stored hash keep agreeing."""

import copy
import hashlib

from people import idcrypto
from people.idnumbers import mask_id_number

SEALED = "id_number_sealed"
PDF_MAGIC = b"%PDF"


def _rows(snapshot: dict) -> list[dict]:
    return snapshot.get("roster") or []


def seal(snapshot: dict) -> dict:
    """The snapshot as stored: full numbers replaced by their masked form and a token."""
    sealed = copy.deepcopy(snapshot)
    for row in _rows(sealed):
        number = row.get("id_number") or ""
        if number and SEALED not in row and number != mask_id_number(number):
            row[SEALED] = idcrypto.encrypt(number)
            row["id_number"] = mask_id_number(number)
    return sealed


def unseal(snapshot: dict) -> dict:
    """The snapshot as printed: full numbers back from their tokens."""
    if not any(SEALED in row for row in _rows(snapshot)):
        return snapshot
    opened = copy.deepcopy(snapshot)
    for row in _rows(opened):
        token = row.pop(SEALED, None)
        if token:
            row["id_number"] = idcrypto.decrypt(token)
    return opened


def reseal(snapshot: dict) -> dict:
    """The same snapshot with its tokens under the current key (plain numbers sealed too)."""
    resealed = seal(snapshot)
    for row in _rows(resealed):
        if row.get(SEALED):
            row[SEALED] = idcrypto.rotate(row[SEALED])
    return resealed


def seal_pdf(data: bytes) -> tuple[bytes, str]:
    """The bytes to store for the PDF ``data``, and their hash (the backup manifest checks it)."""
    stored = idcrypto.encrypt_bytes(data)
    return stored, hashlib.sha256(stored).hexdigest()


def open_pdf(stored: bytes) -> bytes:
    """The PDF from its stored bytes (a file stored before encryption is returned as it is)."""
    if stored.startswith(PDF_MAGIC):
        return stored
    return idcrypto.decrypt_bytes(stored)


def reseal_pdf(stored: bytes) -> tuple[bytes, str]:
    if stored.startswith(PDF_MAGIC):
        return seal_pdf(stored)
    rotated = idcrypto.rotate_bytes(stored)
    return rotated, hashlib.sha256(rotated).hexdigest()
