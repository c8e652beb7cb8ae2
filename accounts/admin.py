"""Accounts in the Django admin, which only superusers open. Granting or revoking superuser and
(de)activating are recorded as account events like the application's own changes."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from bianzhi import access
from orgs.models import UserScope

from .models import AccountEvent
from .services import record_event

ADMIN_REASON = "在系统管理后台修改"

User = get_user_model()


class UserScopeInline(admin.StackedInline):
    model = UserScope
    can_delete = False
    autocomplete_fields = ["institution"]
    verbose_name = "角色与范围"


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Accounts are deactivated, never deleted, so history always names who acted (rule 13)."""

    inlines = [UserScopeInline]
    list_display = ["username", "first_name", "scope_role", "scope_target", "is_active"]
    list_filter = ["is_active", "is_superuser", "scope__role"]
    list_select_related = ["scope__region", "scope__institution"]
    actions = ["deactivate"]

    def has_module_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_view_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_add_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_change_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values("is_superuser", "is_active").first()
        super().save_model(request, obj, form, change)
        if before is None:
            record_event(obj, AccountEvent.Kind.CREATED, actor=request.user, reason=ADMIN_REASON)
            before = {"is_superuser": False, "is_active": obj.is_active}
        if obj.is_superuser != before["is_superuser"]:
            kind = (
                AccountEvent.Kind.SUPERUSER_GRANTED
                if obj.is_superuser
                else AccountEvent.Kind.SUPERUSER_REVOKED
            )
            record_event(obj, kind, actor=request.user, reason=ADMIN_REASON)
        if obj.is_active != before["is_active"]:
            kind = AccountEvent.Kind.REACTIVATED if obj.is_active else AccountEvent.Kind.DEACTIVATED
            record_event(obj, kind, actor=request.user, reason=ADMIN_REASON)

    @admin.display(description="角色")
    def scope_role(self, user):
        scope = getattr(user, "scope", None)
        return scope.get_role_display() if scope else "—"

    @admin.display(description="范围")
    def scope_target(self, user):
        scope = getattr(user, "scope", None)
        return (scope.region or scope.institution) if scope else "—"

    @admin.action(description="停用所选账号")
    def deactivate(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            user.is_active = False
            user.save(update_fields=["is_active"])
            record_event(
                user, AccountEvent.Kind.DEACTIVATED, actor=request.user, reason=ADMIN_REASON
            )
            count += 1
        self.message_user(request, f"已停用 {count} 个账号。")
