"""Counts are typed in half-width digits: full-width １２ (or another script's digits) is refused
with one message, on the forms and in the institutions import alike, rather than read silently."""

import io

import pytest

from bianzhi.forms import NOT_HALF_WIDTH_DIGITS, CountField
from bianzhi.history import system_actor
from staffing.imports import institutions as importer
from staffing.models import QuotaLine
from tests.kit.factories import RegionFactory

from .books import ORGAN_ROW, institutions_bytes


@pytest.mark.parametrize("typed", ["１２", "-１", "١٢", "²"])
def test_a_count_field_refuses_digits_that_are_not_half_width(typed):
    field = CountField(min_value=-99, max_value=99)

    with pytest.raises(Exception) as excinfo:
        field.clean(typed)

    assert excinfo.value.messages == [NOT_HALF_WIDTH_DIGITS % {"value": typed}]


@pytest.mark.parametrize(("typed", "value"), [("12", 12), (" 7 ", 7), ("-3", -3), (5, 5)])
def test_a_count_field_takes_half_width_digits(typed, value):
    assert CountField(min_value=-99, max_value=99).clean(typed) == value


@pytest.mark.django_db
def test_the_institutions_import_refuses_a_full_width_count():
    region = RegionFactory(code="990121", name="示例县")
    content = institutions_bytes([{**ORGAN_ROW, "行政编制": "１２"}])

    result = importer.institutions_import(
        file=io.BytesIO(content), actor=system_actor(), region=region, dry_run=False
    )

    assert not result.ok
    assert NOT_HALF_WIDTH_DIGITS % {"value": "１２"} in [error.message for error in result.errors]
    assert not QuotaLine.objects.exists()


def test_other_text_gets_the_usual_integer_message():
    with pytest.raises(Exception) as excinfo:
        CountField().clean("abc")

    assert excinfo.value.messages == ["输入整数。"]
