from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "机构编制管理证"

    def ready(self):
        from attachments import registry as attachments
        from orgs.services import abolition_hooks
        from people.idcrypto import rotation_hooks

        from . import deploy_checks  # noqa: F401  (registers the check)
        from .evidence import OBJECTION_ATTACHMENTS
        from .rekey import rekey_certificates
        from .services import withdraw_on_abolition

        if withdraw_on_abolition not in abolition_hooks:
            abolition_hooks.append(withdraw_on_abolition)
        if rekey_certificates not in rotation_hooks:
            rotation_hooks.append(rekey_certificates)
        attachments.register(OBJECTION_ATTACHMENTS)
