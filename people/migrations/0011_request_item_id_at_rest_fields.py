"""申报明细的身份证号加密存储, step 1 of 3: the ciphertext, blind-index and masked columns beside the
plaintext number of each request item (and its history)."""

from django.db import migrations, models


def columns():
    return [
        ("id_number_encrypted", models.TextField(default="", editable=False, verbose_name="身份证号")),
        (
            "id_number_index",
            models.CharField(
                db_index=True, default="", editable=False, max_length=64, verbose_name="身份证号索引"
            ),
        ),
        (
            "id_number_masked",
            models.CharField(default="", editable=False, max_length=18, verbose_name="身份证号（脱敏）"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("people", "0010_drop_plaintext_id_number")]

    operations = [
        migrations.AddField(model_name=model, name=name, field=field)
        for model in ("changerequestitem", "historicalchangerequestitem")
        for name, field in columns()
    ]
