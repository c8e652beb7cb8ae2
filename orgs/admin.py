"""Django admin for the office admin: accounts and their scopes are managed here; the registry
itself is read-only here because every change to it must go through the services (rule 13)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from bianzhi import access

from .models import ApprovalDocument, Institution, InternalDepartment, Region, UserScope


class OfficeAdminOnly:
    """Only the office admin (or a superuser) may use the admin site's pages for this model."""

    def has_module_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_view_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)


class ReadOnlyAdmin(OfficeAdminOnly, SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "region", "kind", "level", "status"]
    list_filter = ["kind", "system", "status"]
    search_fields = ["full_name", "credit_code"]


@admin.register(InternalDepartment)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "institution", "level", "status"]
    search_fields = ["name", "institution__full_name"]


@admin.register(ApprovalDocument)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "issued_on"]
    search_fields = ["number", "title"]


@admin.register(Region)
class RegionAdmin(OfficeAdminOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_change_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class UserScopeInline(admin.StackedInline):
    model = UserScope
    can_delete = False
    autocomplete_fields = ["institution"]
    verbose_name = "角色与范围"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(OfficeAdminOnly, UserAdmin):
    """Accounts are deactivated, never deleted, so history always names who acted (rule 13)."""

    inlines = [UserScopeInline]
    list_display = ["username", "first_name", "scope_role", "scope_target", "is_active"]
    list_filter = ["is_active", "scope__role"]
    list_select_related = ["scope__region", "scope__institution"]
    actions = ["deactivate"]

    def has_add_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_change_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

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
            count += 1
        self.message_user(request, f"已停用 {count} 个账号。")
