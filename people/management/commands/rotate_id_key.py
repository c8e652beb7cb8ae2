"""身份证号密钥轮换: re-encrypt every stored ID number (people, request items, and their history)
with the current key ``BIANZHI_ID_KEY`` and recompute the blind index with the current
``BIANZHI_ID_INDEX_KEY``.

Run it with the retiring key in ``BIANZHI_ID_KEYS_OLD``; afterwards the old key can be removed.
People and request items are rewritten with ``bulk_update_with_history`` (one history row each, by
the system account, with the reason below: nothing but the ciphertext and index change). Their
history rows are rewritten in place: a history row is not itself tracked, and leaving it under the
retired key would make it unreadable once the key is removed; the number it holds stays the same.
Other stores of ID numbers registered in ``idcrypto.rotation_hooks`` (certificate snapshots and
PDFs) are re-encrypted in the same transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from bianzhi.history import system_actor
from people import idcrypto
from people.models import ChangeRequestItem, Person

REASON = "身份证号加密密钥轮换"
BATCH = 1000
COLUMNS = ["id_number_encrypted", "id_number_index"]
# What each model holds besides the columns: a request item's proposed person, in its data.
EXTRA = {Person: [], ChangeRequestItem: ["data"]}


def _rekey(rows) -> None:
    for row in rows:
        number = idcrypto.decrypt(row.id_number_encrypted)
        row.id_number_encrypted = idcrypto.encrypt(number) if number else ""
        row.id_number_index = idcrypto.blind_index(number) if number else ""
        if hasattr(row, "data"):
            row.data = idcrypto.seal_data(idcrypto.open_data(row.data))


def _in_batches(queryset):
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        yield list(queryset.filter(pk__in=pks[start : start + BATCH]))


def _rotate(model, actor) -> tuple[int, int]:
    """Re-encrypt ``model``'s rows and history; return how many of each."""
    columns = COLUMNS + EXTRA[model]
    history = model.history.model
    rows_done = history_done = 0
    for rows in _in_batches(history._default_manager.all()):
        _rekey(rows)
        history._default_manager.bulk_update(rows, columns)
        history_done += len(rows)
    for rows in _in_batches(model.objects.all()):
        _rekey(rows)
        bulk_update_with_history(
            rows,
            model,
            columns,
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=REASON,
        )
        rows_done += len(rows)
    return rows_done, history_done


class Command(BaseCommand):
    help = "用当前密钥重新加密全部身份证号（人员和申报明细，含历史记录），并重算检索索引。"

    def handle(self, *args, **options):
        actor = system_actor()
        with transaction.atomic():
            people, people_history = _rotate(Person, actor)
            items, items_history = _rotate(ChangeRequestItem, actor)
            reports = [hook() for hook in idcrypto.rotation_hooks]
        self.stdout.write(
            f"已重新加密 {people} 名人员、{items} 条申报明细的身份证号"
            f"和 {people_history + items_history} 条历史记录。"
        )
        for report in reports:
            self.stdout.write(report)
