"""The public verification page: no login, no personal data. It says whether the edition a
printed copy names is still current, replaced or withdrawn."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View

from ..choices import CertificateStatus
from ..models import Certificate

ANSWERS = {
    CertificateStatus.VALID: ("current", "本证书为现行有效版本。"),
    CertificateStatus.REPLACED: ("replaced", "本证书已换发，不再有效，请以新版证书为准。"),
    CertificateStatus.WITHDRAWN: ("withdrawn", "本证书已收回，不再有效。"),
}
NOT_FOUND = "未找到该核验码对应的证书，请核对核验码。"


def _normalise(code: str) -> str:
    """Letters and digits only: a typed code may carry spaces or dashes, and anything else (a
    slash, say) could not be put back into the verification URL."""
    return "".join(char for char in code.upper() if char.isascii() and char.isalnum())[:12]


@method_decorator(login_not_required, name="dispatch")
class VerifyView(View):
    template_name = "certificates/verify.html"

    def get(self, request, code):
        certificate = (
            Certificate.objects.select_related("institution", "next_edition")
            .filter(code=_normalise(code))
            .first()
        )
        if certificate is None:
            return render(
                request, self.template_name, {"code": code, "not_found": NOT_FOUND}, status=404
            )
        answer, message = ANSWERS[CertificateStatus(certificate.status)]
        replacement = getattr(certificate, "next_edition", None) if answer == "replaced" else None
        return render(
            request,
            self.template_name,
            {
                "code": certificate.code,
                "answer": answer,
                "message": message,
                "number": certificate.number,
                "edition": certificate.edition,
                "unit": certificate.snapshot.get("basic", {}).get("full_name", ""),
                "issued_on": certificate.issued_on,
                "issuing_office": certificate.issuing_office,
                "ended_on": certificate.ended_on,
                "replacement": replacement,
            },
        )


@method_decorator(login_not_required, name="dispatch")
class VerifyLookupView(View):
    template_name = "certificates/verify.html"

    def get(self, request):
        code = _normalise(request.GET.get("code", ""))
        if code:
            return redirect("certificates:verify", code=code)
        return render(request, self.template_name, {"lookup": True})
