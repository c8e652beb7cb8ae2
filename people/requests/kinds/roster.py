"""花名册批量变动: what a unit's uploaded roster differs from the registry by, in one request
(``people.imports.unit_roster``). Each item carries its own kind (入编, 信息更正 or 出编) and is
checked, applied and shown as a request of that kind; the exits go first (先出后进, rule 2).
Items come from the upload only, so the kind has no item form and is not offered on 新建申报."""

from ...choices import ROSTER_ITEM_KINDS, RequestKind
from ..registry import RequestKindSpec, register

SPEC = register(
    RequestKindSpec(
        kind=RequestKind.ROSTER,
        help_text="上传花名册，与实名库的差异形成一次批量变动",
        item_kinds=ROSTER_ITEM_KINDS,
        creatable=False,
    )
)
