from django import template
from django.urls import reverse

from .. import registry, services
from ..forms import AttachmentForm

register = template.Library()


@register.inclusion_tag("attachments/includes/panel.html", takes_context=True)
def attachments_panel(context, owner, heading="附件", compact=False):
    """The attachments of ``owner`` with links to each file, and for a user who may attach or
    delete now the upload form and the delete buttons."""
    user = context["request"].user
    kind = registry.kind_of(owner)
    may_add = registry.refusal(kind.check_add, owner, user) is None
    return {
        "owner": owner,
        "heading": heading,
        "compact": compact,
        "attachments": list(services.attachments_of(owner)),
        "may_add": may_add,
        "may_delete": registry.refusal(kind.check_delete, owner, user) is None,
        "add_url": reverse("attachments:add", args=[kind.key, owner.pk]),
        "form": AttachmentForm(auto_id=f"id_att{owner.pk}_%s") if may_add and not compact else None,
        "hint": kind.hint,
        "csrf_token": context.get("csrf_token"),
    }
