"""变动申报 (change requests): what a unit reports and the office approves (domain.md §2, rule 9).

- ``registry``: one ``RequestKindSpec`` per kind, each declared by one module of ``kinds/`` (its
  item form, what an item must name, its applier, the figures it touches, how its items read, its
  help text, its evidence and document rules) and found at start-up by ``PeopleConfig.ready``.
  Adding a kind is one module there, its ``RequestKind`` value and its tests.
- ``workflow``: the one transition table (which roles may take which action from which state, to
  which state, on whose request) that the services check and the pages read for their buttons.
- ``services`` (drafting and the decisions), ``preview`` (the approval rehearsed and rolled
  back), ``expected`` (the exits the system foresees); ``forms``, ``item_forms``, ``display``,
  ``views`` and ``actions`` for the pages.

Why a subpackage of ``people`` and not an app of its own: the models stay in
``people.models.requests``. An app of their own would move the tables of the requests, their
items and events, and django-simple-history's historical tables, by table-renaming migrations on
every deployed database, for no change in behaviour; and the requests are about people's records
and appointments both ways (items point at them, reconciliation and supervision read the
requests back), so such an app would sit beside ``people`` rather than above it. Keeping the
code together here gives the same seam: if the requests ever become an app, this package moves
with its models and nothing else in ``people`` spreads a kind over dictionaries of its own.
"""
