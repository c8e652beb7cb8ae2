"""The access log in the Django admin (superusers only): read-only. No one changes or deletes an
entry in the application; only the prune command removes entries past their keeping period."""

from django.contrib import admin

from . import access
from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "label", "id_numbers", "ip_address"]
    list_filter = ["action", "id_numbers"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_view_permission(self, request, obj=None):
        return access.SYSTEM_ADMIN.allows(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
