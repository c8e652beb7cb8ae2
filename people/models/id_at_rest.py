"""身份证号加密存储 on a model: the ciphertext, the blind index and the masked form of one ID
number, with ``id_number`` as the decrypting property that sets all three (people.idcrypto)."""

from django.db import models

from .. import idcrypto
from ..idnumbers import mask_id_number


class IdNumberAtRest(models.Model):
    """An ID number stored three ways, never in plain text. A subclass may redeclare
    ``id_number_index`` (the people register makes it unique: rule 7)."""

    id_number_encrypted = models.TextField("身份证号", editable=False)
    id_number_index = models.CharField("身份证号索引", max_length=64, editable=False)
    id_number_masked = models.CharField("身份证号（脱敏）", max_length=18, editable=False)

    # The history page shows the number (as the viewer may see it), not its ciphertext or index.
    history_decrypted_fields = {"id_number_encrypted": ("id_number", idcrypto.decrypt)}
    history_hidden_fields = frozenset({"id_number_index", "id_number_masked"})

    class Meta:
        abstract = True

    @property
    def id_number(self) -> str:
        token = self.id_number_encrypted
        cached = self.__dict__.get("_id_number_plain")
        if cached is None or cached[0] != token:
            cached = (token, idcrypto.decrypt(token))
            self.__dict__["_id_number_plain"] = cached
        return cached[1]

    @id_number.setter
    def id_number(self, number: str | None) -> None:
        number = idcrypto.normalised(number or "")
        if self.id_number_encrypted and number == self.id_number:
            return  # unchanged: keep the ciphertext, so history records no change
        self.id_number_encrypted = idcrypto.encrypt(number) if number else ""
        self.id_number_index = idcrypto.blind_index(number) if number else ""
        self.id_number_masked = mask_id_number(number) if number else ""

    @property
    def masked_id_number(self) -> str:
        return self.id_number_masked
