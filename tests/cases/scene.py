"""Cases for the tests: a report received in the kit's world, at each step of its handling."""

import datetime

from bianzhi.access import Role
from cases import services
from cases.choices import Category, Channel, Conclusion, FeedbackMethod
from tests.kit.clock import TODAY
from tests.kit.factories import make_user

REPORTER = "张举报"
CONTACT = "13800138000"


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def other_staff(world):
    """An office staff member of the region who is not the case's handler."""
    return make_user(Role.OFFICE_STAFF, region=world.region, username="other_staff")


def received(world, *, region=None, received_days_ago=10, **extra):
    return services.case_receive(
        region=region or world.region,
        received_on=days_ago(received_days_ago),
        channel=extra.pop("channel", Channel.PHONE),
        reporter_name=extra.pop("reporter_name", REPORTER),
        reporter_contact=extra.pop("reporter_contact", CONTACT),
        institution=extra.pop("institution", None),
        category=Category.OVER_ESTABLISHMENT,
        summary=extra.pop("summary", "反映某单位超编进人"),
        content="来电反映某单位在无空编时进人。",
        actor=world.users["office_staff"],
        **extra,
    )


def assigned(world, **extra):
    case = received(world, **extra)
    return services.case_assign(
        case=case, handler=world.users["office_staff"], actor=world.users["office_admin"]
    )


def investigated(world, **extra):
    return services.case_investigate(
        case=assigned(world, **extra),
        root_cause="未按程序申请用编",
        process="调阅名册、谈话",
        current_state="两人在编外工作",
        actor=world.users["office_staff"],
    )


def concluded(world, **extra):
    return services.case_conclude(
        case=investigated(world, **extra),
        conclusion=Conclusion.TRUE,
        findings="反映属实，责令清退。",
        concluded_on=days_ago(3),
        actor=world.users["office_staff"],
    )


def fed_back(world, **extra):
    return services.case_feedback(
        case=concluded(world, **extra),
        feedback_on=days_ago(1),
        method=FeedbackMethod.IN_PERSON,
        note="当面反馈查处结果",
        actor=world.users["office_staff"],
    )


def closed(world, **extra):
    return services.case_close(case=fed_back(world, **extra), actor=world.users["office_staff"])
