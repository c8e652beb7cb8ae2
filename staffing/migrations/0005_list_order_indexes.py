from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_list_order_indexes"),
        ("staffing", "0004_pools_with_purpose_loans_special_quotas"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="quotaline",
            index=models.Index(
                fields=["establishment_type", "funding_form", "id"], name="quota_line_type_order"
            ),
        ),
        migrations.AddIndex(
            model_name="usagepermit",
            index=models.Index(fields=["issued_on", "id"], name="permit_list_order"),
        ),
    ]
