"""Accounts: what an account must do next (change its password), what was done to it (account
events: who, when, why) and every sign-in attempt (the login log). None of them is edited or
deleted by the application."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Credential(models.Model):
    """口令状态: a password set by someone else (new account, reset) must be changed at the next
    sign-in before anything else can be done."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="credential",
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    password_set_at = models.DateTimeField("密码设置时间", default=timezone.now)

    class Meta:
        verbose_name = "口令状态"
        verbose_name_plural = "口令状态"

    def __str__(self):
        return str(self.user)


class AccountEvent(models.Model):
    """账号变动记录: one change of an account, with who made it and why (rule 13)."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建账号"
        PROFILE_CHANGED = "profile", "修改姓名"
        SCOPE_CHANGED = "scope", "变更角色或范围"
        DEACTIVATED = "deactivated", "停用"
        REACTIVATED = "reactivated", "启用"
        PASSWORD_RESET = "reset", "重置密码"
        UNLOCKED = "unlocked", "解除登录锁定"
        SUPERUSER_GRANTED = "superuser", "授予超级管理员"
        SUPERUSER_REVOKED = "superuser_revoked", "取消超级管理员"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        on_delete=models.PROTECT,
        related_name="account_events",
    )
    kind = models.CharField("变动", max_length=20, choices=Kind.choices)
    detail = models.CharField("内容", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField("原因")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "账号变动记录"
        verbose_name_plural = "账号变动记录"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"


class LoginEvent(models.Model):
    """登录日志: one sign-in attempt — its outcome, the name tried, the address and the browser."""

    class Kind(models.TextChoices):
        SUCCESS = "success", "登录成功"
        FAILURE = "failure", "登录失败"
        LOCKOUT = "lockout", "锁定"

    kind = models.CharField("结果", max_length=10, choices=Kind.choices)
    username = models.CharField("用户名", max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username} · {self.get_kind_display()}"
