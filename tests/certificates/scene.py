"""Builders for certificate scenarios, through the services as real data goes."""

import datetime

from django.utils import timezone

from bianzhi.history import system_actor
from certificates import services
from certificates.models import Certificate, Publicity
from orgs.models import Institution
from tests.kit import builders
from tests.kit.factories import DepartmentFactory

ROSTER = ("王建国", "李秀英", "张志强")


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def registered_days_ago(days: int) -> datetime.datetime:
    """The moment, ``days`` ago, a past publicity was registered: a publicity starts on the day
    it is registered (rule 20), so a scenario's earlier publicity is recorded as registered
    then, the way the demo loader records its publicities."""
    return timezone.now() - datetime.timedelta(days=days)


def publicity_since(institution: Institution, days: int, *, actor=None) -> Publicity:
    """A publicity registered and started ``days`` ago."""
    return services.publicity_start(
        institution=institution,
        actor=actor or system_actor(),
        started_on=days_ago(days),
        registered_at=registered_days_ago(days),
    )


def staffed(institution: Institution, names=ROSTER) -> Institution:
    """A unit with one internal department, a quota line, named people and a head."""
    department = DepartmentFactory(institution=institution, name="综合股")
    line = builders.quota(institution, max(10, len(names)))
    permit = builders.permit(line, len(names))
    people = [builders.person(institution.region, name) for name in names]
    for who in people:
        builders.enter(who, line, permit, department=department, job_title="科员")
    head = builders.leadership_quota(institution)
    builders.appoint(people[0], head, title="主任")
    return institution


def ended_publicity(institution: Institution, *, started: int = 10) -> Publicity:
    return publicity_since(institution, started)


def issued(institution: Institution, *, store_pdf: bool = False) -> Certificate:
    """A unit's certificate after a publicity that has ended without objections."""
    ended_publicity(institution)
    return services.certificate_issue(
        institution=institution, actor=system_actor(), store_pdf=store_pdf
    )
