from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "机构编制管理证"

    def ready(self):
        from orgs.services import abolition_hooks

        from .services import withdraw_on_abolition

        if withdraw_on_abolition not in abolition_hooks:
            abolition_hooks.append(withdraw_on_abolition)
