"""The registry of change-request kinds: every kind is declared once, in its own module, and a
kind registered from outside the package (here, by a test) is usable end to end — created,
filled in, shown, submitted, reviewed and approved — without editing any other module."""

import dataclasses
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from people import services
from people.choices import ROSTER_ITEM_KINDS, RequestKind, RequestState
from people.forms.base import PersonnelForm
from people.models import ChangeRequest
from people.requests import kinds, registry
from people.requests.item_forms import RequestItemMixin
from people.requests.items import ITEM_NEEDS
from people.requests.registry import ItemNeed, RequestKindSpec

from .request_scene import build_scene, create, login, post, url

pytestmark = pytest.mark.django_db


def test_every_kind_has_exactly_one_spec_in_a_module_of_its_own():
    specs = registry.every()
    assert [spec.kind for spec in specs] == RequestKind.values
    modules = {spec.item_form.__module__ for spec in specs if spec.item_form}
    assert len(modules) == len([spec for spec in specs if spec.item_form])
    for spec in specs:
        assert spec.label == RequestKind(spec.kind).label
        assert spec.help_text


def test_each_module_of_kinds_registers_its_kind():
    found = []
    for module in pkgutil.iter_modules(kinds.__path__):
        spec = importlib.import_module(f"{kinds.__name__}.{module.name}").SPEC
        assert registry.spec_for(spec.kind) is spec
        found.append(spec.kind)
    # Kinds that apply into an app above people register from that app's AppConfig.ready.
    elsewhere = {RequestKind.PLAN: "plans.request_kind"}
    for kind, module in elsewhere.items():
        assert registry.spec_for(kind).item_form.__module__ == module
    assert sorted(found + list(elsewhere)) == sorted(RequestKind.values)


def test_a_kind_drafted_by_hand_has_a_form_an_applier_and_a_description():
    for spec in registry.every():
        if spec.creatable:
            assert spec.item_form and spec.apply and spec.describe, spec.kind
            assert not spec.item_kinds


def test_a_batch_holds_kinds_that_can_be_applied_on_their_own():
    (batch,) = [spec for spec in registry.every() if spec.item_kinds]
    assert batch.kind == RequestKind.ROSTER and not batch.creatable and batch.item_form is None
    assert batch.item_kinds == ROSTER_ITEM_KINDS
    for kind in batch.item_kinds:
        spec = registry.spec_for(kind)
        assert spec.apply and spec.describe and not spec.item_kinds
    order = sorted(batch.item_kinds, key=lambda kind: registry.spec_for(kind).application_order)
    assert order == [RequestKind.EXIT, RequestKind.CORRECTION, RequestKind.ENTRY]  # 先出后进


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(Exception, match="registered twice"):
        registry.register(RequestKindSpec(kind=RequestKind.EXIT, label="出编"))


# --- a kind from outside ------------------------------------------------------------------------

RECLAIM = "reclaim"
APPLIED = []


class ReclaimItemForm(RequestItemMixin, PersonnelForm):
    sections = [("收回", ["note"])]

    note = forms.CharField(label="说明", max_length=100)

    def item(self) -> dict:
        return {"data": {"note": self.cleaned_data["note"]}}


def apply_reclaim(item, request, approval):
    if item.data["note"] == "不行":
        raise ValidationError("收回被拒绝。")
    APPLIED.append((item.data["note"], approval.document))


def describe_reclaim(row, item, names, full_id_numbers):
    row.name = "—"
    row.details.append(("说明", item.data["note"]))


@pytest.fixture
def reclaim(monkeypatch):
    """A kind no module of the app knows: its value is added to the model's choices (what a new
    ``RequestKind`` member and its migration do) and its spec registered."""
    field = ChangeRequest._meta.get_field("kind")
    monkeypatch.setattr(field, "choices", [*field.choices, (RECLAIM, "收回空编")])
    spec = registry.register(
        RequestKindSpec(
            kind=RECLAIM,
            label="收回空编",
            help_text="收回长期空置的编制",
            item_form=ReclaimItemForm,
            apply=apply_reclaim,
            describe=describe_reclaim,
            evidence_required=True,
            document_required=True,
            names_people=False,
        )
    )
    APPLIED.clear()
    yield spec
    registry.unregister(RECLAIM)


def test_a_registered_kind_is_offered_filled_in_shown_and_approved(client, world, reclaim):
    scene = build_scene(world)
    login(client, scene, "clerk")
    page = client.get(reverse("people:request_add")).content.decode()
    assert "收回长期空置的编制" in page

    request = create(client, scene, RECLAIM, evidence="")
    response = post(client, scene, "clerk", "request_item_add", request, {"note": "不行"})
    assert response.status_code == 302
    detail = client.get(url("request_detail", request)).content.decode()
    assert "收回空编" in detail and "不行" in detail
    assert "收回被拒绝。" in detail  # the preview ran the kind's applier and rolled it back
    assert APPLIED == []

    with pytest.raises(ValidationError) as error:
        services.request_submit(request=request, actor=scene.user("clerk"))
    assert error.value.messages == [services.EVIDENCE_REQUIRED % {"kind": "收回空编"}]

    request.items.get().delete()
    post(client, scene, "clerk", "request_item_add", request, {"note": "空置三年"})
    services.request_update(
        request=request, actor=scene.user("clerk"), changes={"evidence": "核查报告"}
    )
    services.request_submit(request=request, actor=scene.user("clerk"))
    services.request_review(request=request, actor=scene.user("reviewer"))
    APPLIED.clear()  # the previews' rehearsals (submission and review)
    with pytest.raises(ValidationError) as error:
        services.request_approve(request=request, actor=scene.user("office_staff"))
    assert error.value.messages == [services.DOCUMENT_REQUIRED % {"kind": "收回空编"}]

    services.request_approve(
        request=request, actor=scene.user("office_staff"), document=scene.document
    )
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert [("空置三年", scene.document)] == APPLIED


def test_a_registered_kind_names_what_its_items_need(world, reclaim):
    scene = build_scene(world)
    registry.unregister(RECLAIM)
    registry.register(dataclasses.replace(reclaim, needs=ItemNeed("record", "收回的在编人员")))
    request = services.request_create(
        institution=world.unit,
        kind=RECLAIM,
        occurred_on=scene.record.entry_on,
        reason="收回",
        actor=scene.user("clerk"),
    )
    with pytest.raises(ValidationError) as error:
        services.item_add(request=request, actor=scene.user("clerk"), data={"note": "x"})
    assert error.value.messages == [ITEM_NEEDS % {"kind": "收回空编", "what": "收回的在编人员"}]
