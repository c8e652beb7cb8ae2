"""身份证号加密存储, step 3 of 3: drop the plaintext number (from people and their history) and make
the blind index the rule 7 constraint (one person, one record)."""

from django.db import migrations, models

REGISTERED = "该身份证号已登记，同一人不能重复登记（规则 7）。"


class Migration(migrations.Migration):
    dependencies = [("people", "0009_encrypt_id_numbers")]

    operations = [
        migrations.RemoveField(model_name="person", name="id_number"),
        migrations.RemoveField(model_name="historicalperson", name="id_number"),
        migrations.AlterField(
            model_name="person",
            name="id_number_encrypted",
            field=models.TextField(editable=False, verbose_name="身份证号"),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number_index",
            field=models.CharField(
                editable=False,
                error_messages={"unique": REGISTERED},
                max_length=64,
                unique=True,
                verbose_name="身份证号索引",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number_masked",
            field=models.CharField(editable=False, max_length=18, verbose_name="身份证号（脱敏）"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="id_number_encrypted",
            field=models.TextField(editable=False, verbose_name="身份证号"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="id_number_index",
            field=models.CharField(
                db_index=True,
                editable=False,
                error_messages={"unique": REGISTERED},
                max_length=64,
                verbose_name="身份证号索引",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="id_number_masked",
            field=models.CharField(editable=False, max_length=18, verbose_name="身份证号（脱敏）"),
        ),
    ]
