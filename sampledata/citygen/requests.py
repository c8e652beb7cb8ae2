"""Three years of change requests (变动申报): every recent entry and exit reported by its unit's
clerk and approved by the office, mostly on time, some late; and the pending ones of the last
months, some overdue (rule 9)."""

import datetime
import random
from collections import defaultdict

from django.conf import settings

from people.choices import EndReason, RequestAction, RequestKind, RequestState
from people.models import ChangeRequest, ChangeRequestEvent, ChangeRequestItem

from .bulk import HistoryWriter, Version, create, moment

EVIDENCE = {
    EndReason.RETIREMENT: "退休审批表",
    EndReason.TRANSFER_OUT: "调令",
    EndReason.RESIGNATION: "辞职批复",
}


class RequestBuilder:
    def __init__(self, rng: random.Random, history: HistoryWriter, today: datetime.date):
        self.rng = rng
        self.history = history
        self.today = today
        self.days = settings.BIANZHI["REPORTING_DAYS"]

    def _submitted(self, occurred_on: datetime.date) -> datetime.date:
        draw = self.rng.random()
        if draw < 0.8:
            delay = self.rng.randint(2, self.days - 2)
        elif draw < 0.95:
            delay = self.rng.randint(self.days + 1, self.days * 2)
        else:
            delay = self.rng.randint(self.days * 2, self.days * 4)
        return min(occurred_on + datetime.timedelta(days=delay), self.today)

    def build(self, seated, clerks: dict, staff) -> None:
        requests, items = [], []
        for permit, records in seated.entries.items():
            occurred = min(r.entry_on for r in records)
            request = self._request(
                records[0].quota_line.institution,
                RequestKind.ENTRY,
                occurred,
                clerks,
                staff,
                final=RequestState.APPROVED,
            )
            requests.append(request)
            for record in records:
                items.append(
                    self._item(
                        request,
                        record,
                        {
                            "quota_line": record.quota_line_id,
                            "permit": permit.pk,
                            "entry_way": record.entry_way,
                            "post_category": record.post_category,
                            "person_category": record.person_category,
                            "job_title": record.job_title,
                        },
                        result=True,
                    )
                )
        exits = defaultdict(list)
        for record in seated.exits:
            key = (record.quota_line.institution, record.ended_on, record.end_reason)
            exits[key].append(record)
        for (institution, ended_on, reason), records in exits.items():
            request = self._request(
                institution,
                RequestKind.EXIT,
                ended_on,
                clerks,
                staff,
                final=RequestState.APPROVED,
                evidence=EVIDENCE[reason],
            )
            requests.append(request)
            items += [self._item(request, r, {"end_reason": reason}) for r in records]
        for record in seated.active:
            draw = self.rng.random()
            state = (
                RequestState.DRAFT
                if draw < 0.4
                else RequestState.SUBMITTED
                if draw < 0.8
                else RequestState.RETURNED
            )
            occurred = self.today - datetime.timedelta(days=self.rng.randint(1, 90))
            reason = self.rng.choice(list(EVIDENCE))
            request = self._request(
                record.quota_line.institution,
                RequestKind.EXIT,
                occurred,
                clerks,
                staff,
                final=state,
                evidence=EVIDENCE[reason],
            )
            requests.append(request)
            items.append(self._item(request, record, {"end_reason": reason}))
        ChangeRequest.objects.bulk_create(requests, batch_size=5000)
        events = []
        for request in requests:
            events += self._history(request)
        ChangeRequestEvent.objects.bulk_create(events, batch_size=5000)
        for item in items:
            item.request_id = item.request.pk
        create(
            ChangeRequestItem,
            items,
            history=self.history,
            day=lambda i: i.request.created_at.date(),
        )

    def _request(self, institution, kind, occurred, clerks, staff, *, final, evidence=""):
        due = occurred + datetime.timedelta(days=self.days)
        created = occurred + datetime.timedelta(days=self.rng.randint(0, 2))
        created = min(created, self.today)
        submitted = None
        if final != RequestState.DRAFT:
            submitted = max(self._submitted(occurred), created)
        decided = None
        if final in (RequestState.APPROVED, RequestState.RETURNED):
            decided = min(submitted + datetime.timedelta(days=self.rng.randint(1, 7)), self.today)
        request = ChangeRequest(
            institution=institution,
            kind=kind,
            state=final,
            occurred_on=occurred,
            due_on=due,
            submitted_on=submitted,
            reason="按规定报送人员变动情况",
            evidence=evidence,
            return_reason="材料不全，请补充" if final == RequestState.RETURNED else "",
            created_by=clerks[institution.pk],
            created_at=moment(created, 9),
            decided_by=staff if decided else None,
            decided_at=moment(decided, 16) if decided else None,
        )
        request._days = (created, submitted, decided)
        return request

    def _item(self, request, record, data, result=False):
        person = record.person
        return ChangeRequestItem(
            request=request,
            person=person,
            record=None if result else record,
            person_name=person.name,
            id_number=person.id_number,
            data=data,
            result_record=record if result else None,
        )

    def _history(self, request) -> list[ChangeRequestEvent]:
        created, submitted, decided = request._days
        clerk, staff = request.created_by, request.decided_by
        draft = {
            "state": RequestState.DRAFT,
            "submitted_on": None,
            "decided_by_id": None,
            "decided_at": None,
            "return_reason": "",
        }
        self.history.add(Version(request, created, values=draft))
        events = [
            ChangeRequestEvent(
                request=request,
                action=RequestAction.CREATE,
                from_state="",
                to_state=RequestState.DRAFT,
                actor=clerk,
                at=moment(created, 9),
            )
        ]
        if submitted:
            values = dict(draft, state=RequestState.SUBMITTED, submitted_on=submitted)
            self.history.add(Version(request, submitted, "~", values=values, hour=10))
            events.append(
                ChangeRequestEvent(
                    request=request,
                    action=RequestAction.SUBMIT,
                    from_state=RequestState.DRAFT,
                    to_state=RequestState.SUBMITTED,
                    actor=clerk,
                    at=moment(submitted, 10),
                )
            )
        if decided:
            self.history.add(Version(request, decided, "~", hour=16))
            action = (
                RequestAction.APPROVE
                if request.state == RequestState.APPROVED
                else RequestAction.RETURN
            )
            events.append(
                ChangeRequestEvent(
                    request=request,
                    action=action,
                    from_state=RequestState.SUBMITTED,
                    to_state=request.state,
                    actor=staff,
                    at=moment(decided, 16),
                    comment=request.return_reason,
                )
            )
        return events
