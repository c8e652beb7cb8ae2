from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = "编制管理"
