from django.db import models

from bianzhi.access import Department


class StatusKind(models.TextChoices):
    """The identity status a partner department confirms (rule 47)."""

    CIVIL_SERVICE = "civil_service", "公务员登记"
    EMPLOYMENT = "employment", "事业单位聘用"


class ConfirmationState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已退回"


# Rule 47: 组织 answers for civil-servant registration, 人社 for 事业单位聘用 (seed 002, 四、部门职责分工).
DEPARTMENT_OF = {
    StatusKind.CIVIL_SERVICE: Department.ORGANIZATION,
    StatusKind.EMPLOYMENT: Department.HUMAN_RESOURCES,
}
KIND_OF = {department: kind for kind, department in DEPARTMENT_OF.items()}
