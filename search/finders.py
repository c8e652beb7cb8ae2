"""全局搜索: one finder per kind of object, each reading only what the user's scope holds
(``bianzhi.access.restrict``, as the list pages do) and at most ``LIMIT`` rows through indexed or
bounded lookups. ID numbers are shown masked, as every search result is (rule 14,
``bianzhi.privacy.MASKED``): the stored masked form, so nothing is decrypted."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from bianzhi import access, privacy
from certificates.models import Certificate
from orgs.choices import Status
from orgs.models import ApprovalDocument, Institution
from people import idsearch
from people.choices import RecordStatus
from people.filtersets import REQUEST_NUMBER
from people.models import ChangeRequest, EstablishmentRecord, Person
from people.names import clean_name
from staffing.models import UsagePermit

# Hits shown per kind; the group links to its list page for the rest.
LIMIT = 10
# 文号 are typed with whatever brackets the keyboard offers: 〔2026〕, [2026], （2026）, 【2026】.
BRACKETS = re.compile(r"[\[(（【]\s*(\d{4})\s*[\])）】]")


@dataclass
class Hit:
    title: str
    url: str
    details: list[str] = field(default_factory=list)


@dataclass
class Group:
    """The hits of one kind: its label (人员, 机构 …), the first ``LIMIT`` hits, whether there are
    more, the list page that shows them all, and a note when the query cannot be answered."""

    kind: str
    label: str
    hits: list[Hit]
    more: bool = False
    list_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Query:
    text: str
    # The text read as an ID number (people.idsearch), or None when it has no digit.
    id_number: idsearch.IdQuery | None

    @classmethod
    def read(cls, text: str) -> "Query":
        text = text.strip()
        return cls(text, idsearch.read(text))

    @property
    def is_whole_id_number(self) -> bool:
        return self.id_number is not None and self.id_number.form == idsearch.Form.FULL


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _first(queryset) -> tuple[list, bool]:
    rows = list(queryset[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def find_people(user, query: Query) -> Group:
    """人员 by name, or by ID number (whole, masked or last four: people.idsearch). The unit
    shown is the person's current one within the user's scope."""
    group = Group(
        "people",
        "人员",
        [],
        list_url=_list_url("people:person_list", q=query.text, status=""),
    )
    people = access.restrict(Person.objects.all(), user)
    if query.id_number is not None:
        if not query.id_number.searchable:
            group.note = query.id_number.message
            return group
        people = idsearch.matching(people, query.id_number)
    else:
        people = people.filter(name__icontains=clean_name(query.text) or query.text)
    found, group.more = _first(
        people.order_by("name", "pk").values("pk", "name", "id_number_masked", "birth_date")
    )
    places = {}
    records = (
        access.restrict(EstablishmentRecord.objects.all(), user)
        .filter(person_id__in=[person["pk"] for person in found])
        .order_by("person_id", "status", "-entry_on")
        .values_list("person_id", "quota_line__institution__full_name", "status")
    )
    for person_id, unit, status in records:
        places.setdefault(person_id, f"{unit}（{RecordStatus(status).label}）")
    for person in found:
        details = [privacy.MASKED.id_number(person["id_number_masked"])]
        if person["birth_date"]:
            details.append(f"{privacy.MASKED.birth_text(person['birth_date'])}生")
        if person["pk"] in places:
            details.append(places[person["pk"]])
        group.hits.append(
            Hit(person["name"], reverse("people:person_detail", args=[person["pk"]]), details)
        )
    return group


def find_institutions(user, query: Query) -> Group:
    text = query.text
    institutions = access.restrict(Institution.objects.all(), user).filter(
        Q(full_name__icontains=text)
        | Q(short_name__icontains=text)
        | Q(other_names__icontains=text)
        | Q(credit_code__iexact=text.upper())
    )
    found, more = _first(
        institutions.select_related("region", "parent").order_by("status", "full_name", "pk")
    )
    hits = []
    for institution in found:
        details = [institution.region.name, institution.get_kind_display()]
        if institution.parent_id:
            details.append(f"主管部门：{institution.parent.full_name}")
        if institution.status != Status.ACTIVE:
            details.append(institution.get_status_display())
        hits.append(Hit(institution.full_name, institution.get_absolute_url(), details))
    return Group(
        "institutions",
        "机构",
        hits,
        more,
        _list_url("orgs:institution_list", q=text, status=""),
    )


def find_requests(user, query: Query) -> Group | None:
    """申报 by number (2026-00042, or 42); other text is left to the request list's search."""
    number = REQUEST_NUMBER.match(query.text)
    if number is None:
        return None
    requests = (
        access.restrict(ChangeRequest.objects.all(), user)
        .filter(pk=int(number.group(1)))
        .select_related("institution")
    )
    hits = [
        Hit(
            f"{request.number} {request.get_kind_display()}",
            request.get_absolute_url(),
            [request.institution.full_name, request.get_state_display()],
        )
        for request in requests
    ]
    return Group("requests", "申报", hits, list_url=_list_url("people:request_list", q=query.text))


def find_certificates(user, query: Query) -> Group:
    certificates = access.restrict(Certificate.objects.all(), user).filter(
        Q(number__icontains=query.text) | Q(code__iexact=query.text)
    )
    found, more = _first(certificates.select_related("institution").order_by("-issued_on", "-pk"))
    hits = [
        Hit(
            certificate.number,
            certificate.get_absolute_url(),
            [
                certificate.institution.full_name,
                f"第 {certificate.edition} 版",
                certificate.get_status_display(),
            ],
        )
        for certificate in found
    ]
    return Group(
        "certificates",
        "证书",
        hits,
        more,
        _list_url("certificates:certificate_list", q=query.text),
    )


def find_permits(user, query: Query) -> Group:
    permits = access.restrict(UsagePermit.objects.all(), user).filter(number__icontains=query.text)
    found, more = _first(
        permits.select_related("quota_line__institution").order_by("-issued_on", "-pk")
    )
    hits = [
        Hit(
            permit.number,
            permit.get_absolute_url(),
            [
                permit.quota_line.institution.full_name,
                f"{permit.quota_line.get_establishment_type_display()} {permit.count} 名",
                permit.get_status_display(),
            ],
        )
        for permit in found
    ]
    return Group(
        "permits", "用编通知单", hits, more, _list_url("staffing:permit_list", q=query.text)
    )


def find_documents(user, query: Query) -> Group:
    text = query.text
    condition = Q(number__icontains=text)
    bracketed = BRACKETS.sub(r"〔\1〕", text)
    if bracketed != text:
        condition |= Q(number__icontains=bracketed)
    documents = access.restrict(ApprovalDocument.objects.all(), user).filter(condition)
    found, more = _first(documents.order_by("-issued_on", "-pk"))
    hits = [
        Hit(
            document.number,
            document.get_absolute_url(),
            [document.title, f"{document.issuer} {document.issued_on:%Y-%m-%d}"],
        )
        for document in found
    ]
    return Group("documents", "文件", hits, more, _list_url("orgs:document_list", q=text))


Finder = Callable[..., Group | None]
# In the order the results page shows them, with the model whose view permission each needs.
FINDERS: tuple[tuple[type, Finder], ...] = (
    (Person, find_people),
    (Institution, find_institutions),
    (ChangeRequest, find_requests),
    (Certificate, find_certificates),
    (UsagePermit, find_permits),
    (ApprovalDocument, find_documents),
)


def search(user, query: Query) -> list[Group]:
    """Every kind the user may see, searched for ``query``. A whole ID number names one person:
    only people are searched for it."""
    groups = []
    for model, finder in FINDERS:
        if not access.can(user, access.Action.VIEW, model):
            continue
        if query.is_whole_id_number and finder is not find_people:
            continue
        group = finder(user, query)
        if group is not None:
            groups.append(group)
    return groups
