"""A unit ready for every kind of change request, and the page posts that walk a request through
its states (shared by the tests of the change-request pages)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from bianzhi.history import system_actor
from orgs.models import ApprovalDocument
from people.models import (
    ChangeRequest,
    ChangeRequestEvent,
    ChangeRequestItem,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit
from tests.kit import builders
from tests.kit.world import World


def occurred() -> datetime.date:
    """A recent day, after everyone in the scene entered, within the 30 days to report it."""
    return timezone.localdate() - datetime.timedelta(days=10)


@dataclass
class Scene:
    world: World
    line: QuotaLine  # 本单位 事业编制, 5 approved
    record: EstablishmentRecord  # 张伟, active at 本单位
    permit: UsagePermit  # 本单位, 2 slots, unused
    sibling_line: QuotaLine  # 兄弟单位 行政编制
    sibling_permit: UsagePermit
    head: LeadershipQuota  # 本单位 单位正职, 1 approved, held by 张伟
    deputy: LeadershipQuota  # 本单位 单位副职, 2 approved, none held
    appointment: LeadershipAppointment  # 张伟 as 主任
    document: ApprovalDocument

    def user(self, role: str):
        return self.world.users[role]


def build_scene(world: World) -> Scene:
    line = builders.quota(world.unit, approved=5)
    record = builders.enter(builders.person(world.region, "张伟"), line)
    head = builders.leadership_quota(world.unit, "unit_head", 1)
    sibling_line = builders.quota(world.sibling, approved=3)
    return Scene(
        world=world,
        line=line,
        record=record,
        permit=builders.permit(line, count=2),
        sibling_line=sibling_line,
        sibling_permit=builders.permit(sibling_line),
        head=head,
        deputy=builders.leadership_quota(world.unit, "unit_deputy", 2),
        appointment=builders.appoint(record.person, head, title="主任"),
        document=builders.document(world.unit, number="示编发〔2026〕88号"),
    )


def header_data(kind: str, **overrides) -> dict:
    return {
        "kind": kind,
        "occurred_on": occurred().isoformat(),
        "reason": "单位人员变动",
        "evidence": "相关证明材料",
        "evidence_number": "",
        **overrides,
    }


def permit_item(scene: Scene) -> dict:
    return {
        "quota_line": scene.line.pk,
        "count": "2",
        "purpose": "examination",
        "posts": "初中数学教师 2 名，本科及以上学历",
        "fill_method": "selection",
    }


def entry_item(scene: Scene, name: str = "李娜", **overrides) -> dict:
    return {
        "quota_line": scene.line.pk,
        "permit": scene.permit.pk,
        "department": "",
        "id_number": builders.id_number(male=False),
        "name": name,
        "sex": "",
        "birth_date": "",
        "ethnicity": "汉族",
        "native_place": "",
        "political_status": "masses",
        "education": "bachelor",
        "degree": "bachelor",
        "work_started_on": "",
        "professional_title": "",
        "post_category": "professional",
        "person_category": "staff",
        "job_title": "",
        "entry_way": "recruitment",
        **overrides,
    }


def exit_item(scene: Scene) -> dict:
    return {"record": scene.record.pk, "end_reason": "resignation"}


def transfer_item(scene: Scene) -> dict:
    return {
        "record": scene.record.pk,
        "institution": scene.world.sibling.pk,
        "quota_line": scene.sibling_line.pk,
        "department": "",
        "post_category": "management",
        "person_category": "staff",
        "job_title": "科员",
    }


def appointment_item(scene: Scene) -> dict:
    return {
        "person": scene.record.person_id,
        "quota": scene.deputy.pk,
        "title": "副主任",
        "counts_against_quota": "on",
    }


def dismissal_item(scene: Scene) -> dict:
    return {"appointment": scene.appointment.pk}


def correction_item(scene: Scene, **overrides) -> dict:
    data = {
        "record": scene.record.pk,
        "name": "张卫",
        "id_number": "",
        "birth_date": "",
        "work_started_on": "",
        "quota_line": "",
        "department": "",
        "post_category": "",
        "person_category": "",
        "job_title": "教研组长",
    }
    return {**data, **overrides}


ITEMS = {
    "permit": permit_item,
    "entry": entry_item,
    "exit": exit_item,
    "transfer": transfer_item,
    "appointment": appointment_item,
    "dismissal": dismissal_item,
    "correction": correction_item,
}


# What the submission's confirmation page posts (a post without it shows that page).
CONFIRMED = {"confirm": "1"}


def url(name: str, request: ChangeRequest, *args) -> str:
    return reverse(f"people:{name}", args=[request.pk, *args])


def login(client, scene: Scene, role: str):
    client.force_login(scene.user(role))
    return client


def create(client, scene: Scene, kind: str, **overrides) -> ChangeRequest:
    """新建申报 as the unit's clerk, through the page."""
    login(client, scene, "clerk")
    response = client.post(reverse("people:request_add"), header_data(kind, **overrides))
    assert response.status_code == 302, response.context and response.context["form"].errors
    request = ChangeRequest.objects.order_by("-pk").first()
    assert response.url == request.get_absolute_url()
    return request


def add_item(client, scene: Scene, request: ChangeRequest, data: dict | None = None):
    login(client, scene, "clerk")
    data = data if data is not None else ITEMS[request.kind](scene)
    response = client.post(url("request_item_add", request), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


def post(client, scene: Scene, role: str, name: str, request: ChangeRequest, data=None):
    login(client, scene, role)
    return client.post(url(name, request), data or {})


def drafted(client, scene: Scene, kind: str) -> ChangeRequest:
    request = create(client, scene, kind)
    add_item(client, scene, request)
    return request


def submitted(client, scene: Scene, kind: str) -> ChangeRequest:
    request = drafted(client, scene, kind)
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    request.refresh_from_db()
    return request


def reviewed(client, scene: Scene, kind: str) -> ChangeRequest:
    request = submitted(client, scene, kind)
    assert post(client, scene, "reviewer", "request_review", request).status_code == 302
    request.refresh_from_db()
    return request


def approve_data(scene: Scene) -> dict:
    expires = timezone.localdate() + datetime.timedelta(days=180)
    return {
        "document": scene.document.number,
        "permit_expires_on": expires.isoformat(),
        "comment": "同意",
    }


def snapshot() -> tuple:
    """Rows and history rows of everything a request or its approval could write."""
    models = (
        ChangeRequest,
        ChangeRequestItem,
        Person,
        EstablishmentRecord,
        LeadershipAppointment,
        UsagePermit,
    )
    counts = [n for model in models for n in (model.objects.count(), model.history.count())]
    return (*counts, ChangeRequestEvent.objects.count())


def state_of(request: ChangeRequest) -> str:
    request.refresh_from_db()
    return request.state


def expected_request(world: World, place: str, kind: str = "exit", **fields) -> ChangeRequest:
    """A request at ``place`` written directly (for lists and scope: no clerk needed there)."""
    occurred_on = fields.pop("occurred_on", occurred())
    request = ChangeRequest(
        institution=world.place(place),
        kind=kind,
        occurred_on=occurred_on,
        due_on=fields.pop("due_on", occurred_on + datetime.timedelta(days=30)),
        reason="测试申报",
        created_by=system_actor(),
        **fields,
    )
    request.save()
    return request
