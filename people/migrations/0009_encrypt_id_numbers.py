"""身份证号加密存储, step 2 of 3: fill the ciphertext, blind index and masked form of every person
and every history row from the plaintext column (which step 3 drops).

The rows are written with ``bulk_update`` on the migration's historical models: this moves the same
values into another representation, it is not a change of anyone's data, so it adds no history
rows. Reversing decrypts back into the plaintext column.
"""

from django.db import migrations

from bianzhi.privacy import mask_id_number
from people import idcrypto

BATCH = 2000
COLUMNS = ["id_number_encrypted", "id_number_index", "id_number_masked"]


def _batches(model):
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        yield list(model.objects.filter(pk__in=pks[start : start + BATCH]))


def encrypt(apps, schema_editor):
    for name in ("Person", "HistoricalPerson"):
        model = apps.get_model("people", name)
        for rows in _batches(model):
            for row in rows:
                number = idcrypto.normalised(row.id_number)
                row.id_number_encrypted = idcrypto.encrypt(number) if number else ""
                row.id_number_index = idcrypto.blind_index(number) if number else None
                row.id_number_masked = mask_id_number(number) if number else ""
            model.objects.bulk_update(rows, COLUMNS, batch_size=500)


def decrypt(apps, schema_editor):
    for name in ("Person", "HistoricalPerson"):
        model = apps.get_model("people", name)
        for rows in _batches(model):
            for row in rows:
                row.id_number = idcrypto.decrypt(row.id_number_encrypted)
            model.objects.bulk_update(rows, ["id_number"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("people", "0008_id_number_at_rest_fields")]

    operations = [migrations.RunPython(encrypt, decrypt)]
