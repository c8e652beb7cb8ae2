"""身份证号密钥轮换: re-encrypt every stored ID number (people and their history) with the current
key ``BIANZHI_ID_KEY`` and recompute the blind index with the current ``BIANZHI_ID_INDEX_KEY``.

Run it with the retiring key in ``BIANZHI_ID_KEYS_OLD``; afterwards the old key can be removed.
People are rewritten with ``bulk_update_with_history`` (one history row each, by the system
account, with the reason below: nothing but the ciphertext and index change). Their history rows
are rewritten in place: a history row is not itself tracked, and leaving it under the retired key
would make it unreadable once the key is removed; the number it holds stays the same. Other
stores of ID numbers registered in ``idcrypto.rotation_hooks`` (certificate snapshots and PDFs)
are re-encrypted in the same transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from bianzhi.history import system_actor
from people import idcrypto
from people.models import Person

REASON = "身份证号加密密钥轮换"
BATCH = 1000
COLUMNS = ["id_number_encrypted", "id_number_index"]


def _rekey(rows) -> None:
    for row in rows:
        number = idcrypto.decrypt(row.id_number_encrypted)
        row.id_number_encrypted = idcrypto.encrypt(number)
        row.id_number_index = idcrypto.blind_index(number)


def _in_batches(queryset):
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        yield list(queryset.filter(pk__in=pks[start : start + BATCH]))


class Command(BaseCommand):
    help = "用当前密钥重新加密全部身份证号（含历史记录），并重算检索索引。"

    def handle(self, *args, **options):
        actor = system_actor()
        history = Person.history.model
        rewritten = {"people": 0, "history": 0}
        with transaction.atomic():
            for rows in _in_batches(history._default_manager.all()):
                _rekey(rows)
                history._default_manager.bulk_update(rows, COLUMNS)
                rewritten["history"] += len(rows)
            for rows in _in_batches(Person.objects.all()):
                _rekey(rows)
                bulk_update_with_history(
                    rows,
                    Person,
                    COLUMNS,
                    batch_size=BATCH,
                    default_user=actor,
                    default_change_reason=REASON,
                )
                rewritten["people"] += len(rows)
            reports = [hook() for hook in idcrypto.rotation_hooks]
        self.stdout.write(
            f"已重新加密 {rewritten['people']} 名人员的身份证号和 {rewritten['history']} 条历史记录。"
        )
        for report in reports:
            self.stdout.write(report)
