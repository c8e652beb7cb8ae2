"""The occupancy seam (staffing/occupancy.py) agrees with people's models it reaches upward."""

from people.choices import PostCategory, RecordStatus
from people.models import EstablishmentRecord, LeadershipAppointment
from staffing import occupancy
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit


def test_the_active_status_is_peoples():
    assert occupancy.ACTIVE_RECORD_STATUS == RecordStatus.ACTIVE


def test_the_relation_names_are_the_ones_people_declares():
    assert (
        EstablishmentRecord._meta.get_field("quota_line").remote_field.related_name
        == occupancy.LINE_RECORDS
    )
    assert (
        EstablishmentRecord._meta.get_field("permit").remote_field.related_name
        == occupancy.PERMIT_RECORDS
    )
    assert (
        LeadershipAppointment._meta.get_field("quota").remote_field.related_name
        == occupancy.QUOTA_APPOINTMENTS
    )
    assert UsagePermit._meta.get_field(occupancy.PERMIT_RECORDS).related_model is (
        EstablishmentRecord
    )


def test_the_seam_reaches_peoples_models():
    assert occupancy.record_model() is EstablishmentRecord
    assert occupancy.appointment_model() is LeadershipAppointment
    assert LeadershipQuota._meta.get_field(occupancy.QUOTA_APPOINTMENTS).related_model is (
        LeadershipAppointment
    )


def test_the_fields_the_seam_filters_on_exist():
    for name in ["status", "quota_line", "permit", "entry_on", "ended_on", "person"]:
        EstablishmentRecord._meta.get_field(name)
    for name in ["quota", "ended_on", "counts_against_quota", "started_on", "person"]:
        LeadershipAppointment._meta.get_field(name)


def test_the_post_structure_fields_follow_peoples_post_categories():
    assert set(occupancy.STRUCTURE_FIELDS) == set(PostCategory.values)
    EstablishmentRecord._meta.get_field(occupancy.RECORD_POST_CATEGORY)
    for field in occupancy.STRUCTURE_FIELDS.values():
        QuotaLine._meta.get_field(field)
