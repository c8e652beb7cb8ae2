from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = "编制管理"

    def ready(self):
        from attachments import registry as attachments
        from orgs.services import abolition_checks, kind_change_checks

        from . import figures  # noqa: F401  (registers the figure sets the task worker warms)
        from .evidence import ADJUSTMENT_ATTACHMENTS
        from .kind_change import quota_left_on_kind_change
        from .services import quota_left_on_abolition

        if quota_left_on_abolition not in abolition_checks:
            abolition_checks.append(quota_left_on_abolition)
        if quota_left_on_kind_change not in kind_change_checks:
            kind_change_checks.append(quota_left_on_kind_change)
        attachments.register(ADJUSTMENT_ATTACHMENTS)
