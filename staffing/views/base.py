"""What the office's quota pages share: links to pages of other apps, permits with their use, and
the base of their forms."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from bianzhi import access
from bianzhi.views import ConfirmedServiceFormView, ServiceFormView

from .. import occupancy
from ..models import UsagePermit


def url_or_none(name: str) -> str | None:
    """A page of another app that may not exist yet (the figures then show without a link)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def with_use(permits):
    """Permits with how many records used them (已使用) and what is left (剩余).

    Counted per permit shown (a subquery on the records' permit index), not by grouping every
    permit of the city with its records before the page's 25 are taken.
    """
    records = UsagePermit._meta.get_field(occupancy.PERMIT_RECORDS).related_model
    used = (
        records._default_manager.filter(permit=OuterRef("pk"))
        .order_by()
        .values("permit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return permits.annotate(
        used=Coalesce(Subquery(used, output_field=IntegerField()), Value(0))
    ).annotate(remaining=F("count") - F("used"))


class StaffingFormMixin:
    """A form for office roles (the action is 'add': the base view refuses other roles)."""

    action = access.Action.ADD
    template_name = "staffing/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

    def scoped(self, model, pk):
        """The object ``pk`` of ``model`` if the user may see it (for prefilling), else None."""
        if not str(pk or "").isdigit():
            return None
        return access.restrict(model.objects.all(), self.request.user).filter(pk=pk).first()


class StaffingFormView(StaffingFormMixin, ServiceFormView):
    """A form written in one step."""


class StaffingConfirmedFormView(StaffingFormMixin, ConfirmedServiceFormView):
    """A form confirmed in two steps, whose before → after figures the form computes itself
    (``form.preview()``, see ``staffing.previews``) and the confirmation page shows as ``preview``."""

    confirm_button = "确认"

    def preview(self, form, before, after):
        return {"preview": form.preview(), "confirm_button": self.confirm_button}
