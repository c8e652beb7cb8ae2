"""What the personnel changes (入编, 出编, 调动, 任职, 免职) share: two steps confirmed with the
figures they change, a form whose choices follow the selected unit, and the person's page after."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from bianzhi import access

from .. import selectors


class RefreshFormMixin:
    """A form view whose choices follow the selected unit: a post with ``refresh`` (htmx, from
    the fields a ``people.forms.PersonnelForm`` names in ``refresh_fields``) re-renders the form
    with the submitted values as initial ones, without errors and without writing anything."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.enable_refresh(self.request.path)
        return form

    def post(self, request, *args, **kwargs):
        if request.POST.get("refresh"):
            return self.render_to_response(self.get_context_data(form=self.refreshed_form()))
        return super().post(request, *args, **kwargs)

    def refreshed_form(self):
        """The submitted values as the initial values of an unbound form: no errors yet."""
        submitted = self.get_form()
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs["initial"] = {field.name: field.data for field in submitted}
        form = self.get_form_class()(**kwargs)
        form.enable_refresh(self.request.path)
        return form


class PersonnelChangeMixin(RefreshFormMixin):
    """The people app's side of ``bianzhi.views.ConfirmedServiceFormView``, which it precedes.

    The confirmation runs the very service the confirming post will run, rolled back (the base
    view's dry run), and shows what the form summarises and the figures before → after.
    Subclasses implement ``perform(form)`` (the service call) and ``measure(form)`` (the figures it
    touches, see ``people.selectors``). A post with ``refresh`` re-renders the form with its
    choices following the selected unit (htmx).
    """

    template_name = "people/change_form.html"
    confirm_template_name = "people/confirm.html"
    page_title = ""
    confirm_button = "确认办理"

    def measure(self, form) -> selectors.Measurement:
        raise NotImplementedError

    def preview(self, form, before, after):
        return {"summary": form.summary(), "comparisons": selectors.compare(before, after)}

    def get_success_url(self, result):
        return reverse("people:person_detail", args=[result.person_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            confirm_button=self.confirm_button,
            cancel_url=self.cancel_url(),
        )
        return context

    def cancel_url(self) -> str:
        return reverse("people:person_list")


def first_in_scope(queryset, user, pk):
    if not pk:
        return None
    try:
        return access.restrict(queryset, user).filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        return None
