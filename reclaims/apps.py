from django.apps import AppConfig


class ReclaimsConfig(AppConfig):
    name = "reclaims"
    verbose_name = "空编收回"

    def ready(self):
        from people.services.records import record_end_hooks

        from .detection import propose_after_exit

        if propose_after_exit not in record_end_hooks:
            record_end_hooks.append(propose_after_exit)
