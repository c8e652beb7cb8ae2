from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "用编进人计划"

    def ready(self):
        # people's registry of change-request kinds is the extension point: the 用编进人计划申报
        # kind applies into this app's plans, which people may not import, so it registers here.
        from . import request_kind  # noqa: F401
