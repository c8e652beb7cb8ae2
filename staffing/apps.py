from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = "编制管理"

    def ready(self):
        from orgs.services import abolition_checks

        from . import figures  # noqa: F401  (registers the figure sets the task worker warms)
        from .services import quota_left_on_abolition

        if quota_left_on_abolition not in abolition_checks:
            abolition_checks.append(quota_left_on_abolition)
