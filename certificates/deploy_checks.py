"""`check --deploy`: certificates freeze the verification address into their QR code and hashed
PDF, so production must not issue any while it is unset or a loopback address."""

from django.core import checks

from .printing import verify_base_problem


@checks.register(checks.Tags.security, deploy=True)
def verify_base_url_check(app_configs=None, **kwargs):
    problem = verify_base_problem()
    if problem is None:
        return []
    return [
        checks.Error(
            problem,
            hint="设置 BIANZHI_VERIFY_BASE_URL，例如 https://bianzhi.example.gov.cn",
            id="certificates.E001",
        )
    ]
