from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "违规案件"

    def ready(self):
        from people.idcrypto import rotation_hooks

        from .reporter import rekey_reporters

        if rekey_reporters not in rotation_hooks:
            rotation_hooks.append(rekey_reporters)
