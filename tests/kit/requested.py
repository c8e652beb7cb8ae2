"""Which URL patterns the tests requested, and as whom.

``Recorder.watching()`` wraps ``django.test.Client.request``: every request the test client makes
is noted as (URL name, role of the user it ran as, or "anonymous"). ``gaps`` compares
the notes with the project's URL patterns; tests/kit/url_coverage.py does both for a whole run.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.client import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404

ANONYMOUS = "anonymous"
# Signed in without a scope (a bare superuser, say): logged in, but none of bianzhi's roles.
WITHOUT_ROLE = "signed_in_without_role"
# The session could not be read; counted neither as anonymous nor as signed in.
UNKNOWN = "unknown"
# Django admin is guarded by its own permission checks (tests/orgs/test_admin.py).
SKIPPED_NAMESPACES = frozenset({"admin"})


@dataclass(frozen=True)
class Pattern:
    name: str
    public: bool  # marked login_not_required: anyone may open it
    # A value for each of the path's parameters, to build a URL that matches the pattern.
    sample_kwargs: dict = field(default_factory=dict, compare=False, hash=False)


def _samples(route) -> dict[str, str]:
    converters = getattr(route, "converters", {})
    return {name: "1" if c.regex == "[0-9]+" else "x" for name, c in converters.items()}


def url_patterns(patterns=None, namespace: str | None = None, outer=None) -> Iterator[Pattern]:
    """Every URL pattern of the project outside the skipped namespaces."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        samples = {**(outer or {}), **_samples(entry.pattern)}
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from url_patterns(entry.url_patterns, inner, samples)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            public = not getattr(entry.callback, "login_required", True)
            yield Pattern(f"{namespace}:{name}" if namespace else name, public, samples)


@contextmanager
def _unlogged_queries():
    """Keep the recorder's own queries out of the tests' query counts (assertNumQueries and
    CaptureQueriesContext log only while ``force_debug_cursor`` is on)."""
    saved = connection.force_debug_cursor
    connection.force_debug_cursor = False
    try:
        yield
    finally:
        connection.force_debug_cursor = saved


def role_of_client(client) -> str:
    """Whom the client's next request runs as: read before the request, since logging in or out
    changes the user the view ends with."""
    from orgs.models import UserScope

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is None or not cookie.value:
        return ANONYMOUS
    try:
        with _unlogged_queries():
            session = import_module(settings.SESSION_ENGINE).SessionStore(cookie.value)
            user_id = session.get(SESSION_KEY)
            if user_id is None:
                return ANONYMOUS
            scopes = UserScope.objects.filter(user_id=user_id, user__is_active=True)
            role = scopes.values_list("role", flat=True).first()
    except Exception:
        # The test's transaction may be broken on purpose; who it was cannot be told then.
        return UNKNOWN
    return role or WITHOUT_ROLE


def url_name(response) -> str | None:
    try:
        match = response.resolver_match
        return match.view_name if match.url_name else f"<unnamed {match.route}>"
    except Resolver404:
        return None


@dataclass
class Recorder:
    requests: set[tuple[str, str]] = field(default_factory=set)

    def record(self, response, role: str) -> None:
        name = url_name(response)
        if name is not None and name.split(":")[0] not in SKIPPED_NAMESPACES:
            self.requests.add((name, role))

    @contextmanager
    def watching(self):
        """Record every request the Django test client makes inside the block."""
        original = Client.request
        recorder = self

        def request(client, **environ):
            role = role_of_client(client)
            response = original(client, **environ)
            recorder.record(response, role)
            return response

        Client.request = request
        try:
            yield self
        finally:
            Client.request = original

    def roles_by_name(self) -> dict[str, set[str]]:
        roles: dict[str, set[str]] = {}
        for name, role in self.requests:
            roles.setdefault(name, set()).add(role)
        return roles


def gaps(
    patterns: Iterable[Pattern], requests: Iterable[tuple[str, str]], exceptions: Iterable[str]
) -> dict[str, list[str]]:
    """What the requests leave untested, by kind: patterns nobody requested, and non-public
    patterns that no anonymous user, or no signed-in user, requested."""
    recorder = Recorder(set(requests))
    roles = recorder.roles_by_name()
    found: dict[str, list[str]] = {
        "never requested": [],
        "never anonymous": [],
        "never signed in": [],
    }
    for pattern in sorted(patterns, key=lambda p: p.name):
        if pattern.name in exceptions:
            continue
        asked = roles.get(pattern.name, set())
        if not asked:
            found["never requested"].append(pattern.name)
        elif not pattern.public:
            if ANONYMOUS not in asked:
                found["never anonymous"].append(pattern.name)
            if not asked - {ANONYMOUS, UNKNOWN}:
                found["never signed in"].append(pattern.name)
    return {kind: names for kind, names in found.items() if names}
