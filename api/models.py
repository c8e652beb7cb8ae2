"""数据共享接口 (issue 20): the tokens partner systems (组织部、人社局、财政局) read the registry
with. A token is stored hashed; the secret is shown once, when the office admin creates it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bianzhi import privacy
from bianzhi.access import Department, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import Region


class Masking(models.TextChoices):
    """The masking policy of rule 14 for the token's outputs."""

    MASKED = "masked", "脱敏（身份证号只显示前 6 位和后 4 位，出生日期只显示年份）"
    FULL = "full", "完整身份证号"


class PartnerTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class PartnerToken(models.Model):
    """接口令牌: one partner system's read-only access to one region and the regions below it."""

    system = models.CharField("对接系统", max_length=100, help_text="如：县人社局工资统发系统")
    department = models.CharField("对接部门", max_length=20, choices=Department.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="数据范围",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="可读取此区划及其下级区划的数据",
    )
    masking = models.CharField(
        "身份证号显示", max_length=10, choices=Masking.choices, default=Masking.MASKED
    )
    prefix = models.CharField("令牌前缀", max_length=8, editable=False)
    digest = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    # The access log names a user: each token reads as its own account, which cannot sign in.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="日志账号",
        on_delete=models.PROTECT,
        related_name="partner_token",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="吊销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = tracked_history()
    scoping = Scoping(region="region", institution=None)
    access_rules = {
        action: frozenset({Role.OFFICE_ADMIN}) for action in ("view", "add", "change", "abolish")
    }
    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.system}（{self.prefix}…）"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def id_policy(self) -> privacy.IdPolicy:
        return privacy.FULL if self.masking == Masking.FULL else privacy.MASKED
