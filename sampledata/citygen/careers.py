"""Careers through several units: a few long-serving staff moved between units of their region
before their present post, each earlier post an ended record (调动, rule 7), the next entered on
the day it ended. Their history pages are the long ones a city has (issue 21 measures them)."""

import dataclasses
import datetime
from collections import defaultdict

from people.choices import EndReason, EntryWay
from sampledata.demo.people.profiles import Entrant

from .lines import Line

CAREER_SHARE = 0.004
MOVES = (2, 11)
POST_DAYS = 120


def earlier_posts(rng, placed, lines: list[Line], *, before: datetime.date):
    """(line, entrant) of the earlier posts of some of the ``placed`` staff, all ended before
    ``before`` (so none needs a recent permit); each earlier entrant's ``career_of`` is the
    present one, whose entry moves to the last transfer (``career_started_on`` keeps the
    first). Only posts of the same establishment type, never twice running in one unit."""
    alike = defaultdict(list)
    for line in lines:
        alike[line.row.establishment_type].append(line)
    posts = []
    for line, entrant in placed:
        if entrant.post or entrant.ends_on or rng.random() >= CAREER_SHARE:
            continue
        moves = rng.randint(*MOVES)
        room = (before - entrant.entry_on).days - POST_DAYS * (moves + 1)
        candidates = alike[line.row.establishment_type]
        if room <= moves or len({other.unit.institution.pk for other in candidates}) < 2:
            continue
        days = sorted(rng.sample(range(room), moves))
        starts = [
            entrant.entry_on + datetime.timedelta(days=day + POST_DAYS * index)
            for index, day in enumerate([0, *days])
        ]
        # From the present post backwards: each post in another unit than the next one.
        following = line
        for index in reversed(range(moves)):
            following = _elsewhere(rng, candidates, following)
            posts.append((following, _earlier(entrant, index, starts)))
        entrant.career_started_on = entrant.entry_on
        entrant.entry_on = starts[-1]
        entrant.entry_way = EntryWay.TRANSFER_IN
    return posts


def _earlier(entrant: Entrant, index: int, starts: list[datetime.date]) -> Entrant:
    earlier = dataclasses.replace(
        entrant,
        entry_on=starts[index],
        ends_on=starts[index + 1],
        special=EndReason.INTERNAL_TRANSFER,
        department="",
        entry_way=entrant.entry_way if index == 0 else EntryWay.TRANSFER_IN,
    )
    earlier.career_of = entrant
    return earlier


def _elsewhere(rng, lines: list[Line], following: Line) -> Line:
    while True:
        line = rng.choice(lines)
        if line.unit is not following.unit:
            return line
