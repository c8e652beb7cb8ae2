from .certificates import (
    CertificateDetailView,
    CertificateHistoryView,
    CertificateIssueView,
    CertificateListView,
    CertificatePdfView,
    CertificatePrintView,
    CertificateReissueView,
    CertificateWithdrawView,
    ChangesEnterView,
    ReviewAddView,
    ReviewPendingView,
)
from .public import VerifyLookupView, VerifyView
from .publicity import (
    ObjectionAddView,
    ObjectionResolveView,
    PublicityAddView,
    PublicityDetailView,
    PublicityListView,
    PublicityPrintView,
)

__all__ = [
    "CertificateDetailView",
    "CertificateHistoryView",
    "CertificateIssueView",
    "CertificateListView",
    "CertificatePdfView",
    "CertificatePrintView",
    "CertificateReissueView",
    "CertificateWithdrawView",
    "ChangesEnterView",
    "ObjectionAddView",
    "ObjectionResolveView",
    "PublicityAddView",
    "PublicityDetailView",
    "PublicityListView",
    "PublicityPrintView",
    "ReviewAddView",
    "ReviewPendingView",
    "VerifyLookupView",
    "VerifyView",
]
