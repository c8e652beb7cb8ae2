from decimal import Decimal

from django.db import models


class HospitalCategory(models.TextChoices):
    """医院类别: which staffing standard applies."""

    GENERAL = "general", "县级综合医院"
    TCM = "tcm", "中医医院"
    MATERNAL = "maternal", "妇幼保健院"
    TOWNSHIP = "township", "乡镇卫生院"
    OTHER = "other", "其他公立医院"


# Default standard per category where the office has configured none (rule 29). The seeds name
# the factors (beds, bed use, outpatient visits) but give no figures; the ratios follow the
# national range for county general hospitals (1:1.3–1.5 staff per bed), the rest are set lower.
DEFAULT_STAFF_PER_BED = {
    HospitalCategory.GENERAL: Decimal("1.40"),
    HospitalCategory.TCM: Decimal("1.30"),
    HospitalCategory.MATERNAL: Decimal("1.40"),
    HospitalCategory.TOWNSHIP: Decimal("1.00"),
    HospitalCategory.OTHER: Decimal("1.30"),
}
DEFAULT_FULL_USE_RATE = Decimal("85.00")
DEFAULT_VISITS_PER_ADDITION = 10000
DEFAULT_STAFF_PER_ADDITION = 1

# 备案制 records use people's record status values; the words differ (在册 rather than 在编).
FILED_STATUS_LABELS = {"active": "在册", "ended": "已终止"}
FILED_STATUS_CHOICES = list(FILED_STATUS_LABELS.items())
