"""身份证号加密存储, step 1 of 3: the ciphertext, blind-index and masked columns beside the plaintext
(the index not yet unique: it is empty until step 2 fills it)."""

from django.db import migrations, models


def columns():
    return [
        ("id_number_encrypted", models.TextField(default="", editable=False, verbose_name="身份证号")),
        (
            "id_number_index",
            models.CharField(
                db_index=True,
                editable=False,
                max_length=64,
                null=True,
                verbose_name="身份证号索引",
            ),
        ),
        (
            "id_number_masked",
            models.CharField(default="", editable=False, max_length=18, verbose_name="身份证号（脱敏）"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("people", "0007_discarded_requests")]

    operations = [
        migrations.AddField(model_name=model, name=name, field=field)
        for model in ("person", "historicalperson")
        for name, field in columns()
    ]
