"""Value lists of teacher quotas by standard (中小学教职工编制, seed 003, rule 28)."""

from decimal import Decimal

from django.db import models


class Stage(models.TextChoices):
    """学段: a 完全中学 offers 高中 and 初中, a 九年一贯制学校 初中 and 小学."""

    SENIOR = "senior", "高中"
    JUNIOR = "junior", "初中"
    PRIMARY = "primary", "小学"


# 师生比 by the national standard (中央编办、教育部、财政部 城乡统一的中小学教职工编制标准):
# one staff member per this many students.
NATIONAL_RATIOS: dict[str, Decimal] = {
    Stage.SENIOR: Decimal("12.5"),
    Stage.JUNIOR: Decimal("13.5"),
    Stage.PRIMARY: Decimal("19"),
}
