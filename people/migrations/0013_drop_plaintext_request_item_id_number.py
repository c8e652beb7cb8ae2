"""申报明细的身份证号加密存储, step 3 of 3: drop the plaintext number of request items and their
history."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0012_encrypt_request_item_id_numbers")]

    operations = [
        migrations.RemoveField(model_name="changerequestitem", name="id_number"),
        migrations.RemoveField(model_name="historicalchangerequestitem", name="id_number"),
        *[
            migrations.AlterField(model_name=model, name=name, field=field)
            for model in ("changerequestitem", "historicalchangerequestitem")
            for name, field in [
                ("id_number_encrypted", models.TextField(editable=False, verbose_name="身份证号")),
                (
                    "id_number_index",
                    models.CharField(
                        db_index=True, editable=False, max_length=64, verbose_name="身份证号索引"
                    ),
                ),
                (
                    "id_number_masked",
                    models.CharField(
                        editable=False, max_length=18, verbose_name="身份证号（脱敏）"
                    ),
                ),
            ]
        ],
    ]
