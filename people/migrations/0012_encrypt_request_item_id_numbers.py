"""申报明细的身份证号加密存储, step 2 of 3: fill the encrypted columns of every request item and
history row from the plaintext one, and seal the ID numbers inside the items' data (the proposed
person of an entry or a correction). Written with ``bulk_update`` on the migration's models: the
same values in another representation, no one's data changes, so no history rows are added."""

from django.db import migrations

from bianzhi.privacy import mask_id_number
from people import idcrypto

BATCH = 2000
MODELS = ("ChangeRequestItem", "HistoricalChangeRequestItem")


def _batches(model):
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        yield list(model.objects.filter(pk__in=pks[start : start + BATCH]))


def encrypt(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("people", name)
        for rows in _batches(model):
            for row in rows:
                number = idcrypto.normalised(row.id_number)
                row.id_number_encrypted = idcrypto.encrypt(number) if number else ""
                row.id_number_index = idcrypto.blind_index(number) if number else ""
                row.id_number_masked = mask_id_number(number) if number else ""
                row.data = idcrypto.seal_data(row.data)
            model.objects.bulk_update(
                rows,
                ["id_number_encrypted", "id_number_index", "id_number_masked", "data"],
                batch_size=500,
            )


def decrypt(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("people", name)
        for rows in _batches(model):
            for row in rows:
                row.id_number = idcrypto.decrypt(row.id_number_encrypted)
                row.data = idcrypto.open_data(row.data)
            model.objects.bulk_update(rows, ["id_number", "data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("people", "0011_request_item_id_at_rest_fields")]

    operations = [migrations.RunPython(encrypt, decrypt)]
