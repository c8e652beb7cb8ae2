"""The kinds of object that take attachments. Each owner's app registers one ``OwnerKind`` in its
``AppConfig.ready``: the model, the key that names it in URLs, and who may attach to or delete
from one of its objects now (scope aside: the services check the scope for every kind alike)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models


@dataclass(frozen=True)
class OwnerKind:
    """``check_add`` and ``check_delete`` raise ``PermissionDenied`` (the role) or
    ``ValidationError`` (the owner's state) when the user may not attach or delete now; a
    deletion is allowed only while the owner is editable."""

    key: str
    model: type[models.Model]
    check_add: Callable[[models.Model, object], None]
    check_delete: Callable[[models.Model, object], None]
    hint: str = ""  # what to attach, shown above the upload form


_kinds: dict[str, OwnerKind] = {}


def register(kind: OwnerKind) -> None:
    _kinds[kind.key] = kind


def kind_named(key: str) -> OwnerKind | None:
    return _kinds.get(key)


def kind_of(owner: models.Model) -> OwnerKind:
    model = owner._meta.concrete_model
    return next(kind for kind in _kinds.values() if kind.model is model)


def refusal(check: Callable, owner: models.Model, user) -> str | None:
    """The message ``check`` refuses with, or None if it lets the user through."""
    try:
        check(owner, user)
    except (PermissionDenied, ValidationError) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        return "；".join(messages)
    return None
