"""The relations a model's ``__str__`` follows, so a list of its names is read in one query:
``related_names_queryset(QuotaLine)`` selects the institution each line's name shows.

Read from ``__str__``'s source once per model: ``self.<relation>`` attributes, and for a related
object shown whole, the relations its own ``__str__`` follows."""

import ast
import functools
import inspect
import textwrap

from django.core.exceptions import FieldDoesNotExist
from django.db import models


@functools.cache
def str_paths(model: type[models.Model]) -> frozenset[str]:
    """``select_related`` paths of the foreign keys ``model.__str__`` reads."""
    return frozenset(_paths(model, ()))


def related_names_queryset(model: type[models.Model]):
    return model._default_manager.select_related(*sorted(str_paths(model)))


def _str_tree(model) -> ast.AST | None:
    method = model.__str__
    if method is models.Model.__str__:
        return None
    try:
        return ast.parse(textwrap.dedent(inspect.getsource(method)))
    except (OSError, TypeError, SyntaxError):
        return None


def _relation(model, name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.name != name or not field.concrete or not (field.many_to_one or field.one_to_one):
        return None
    return field


def _paths(model, seen: tuple) -> set[str]:
    tree = None if model in seen else _str_tree(model)
    if tree is None:
        return set()
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    paths = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _is_self(node.value)):
            continue
        current, owner, path = node, model, []
        while (field := _relation(owner, current.attr)) is not None:
            path.append(field.name)
            owner = field.related_model
            paths.add("__".join(path))
            parent = parents.get(current)
            if not (isinstance(parent, ast.Attribute) and parent.value is current):
                # The related object is shown whole: its own name's relations come too.
                paths.update(f"{'__'.join(path)}__{sub}" for sub in _paths(owner, (*seen, model)))
                break
            current = parent
    return paths


def _is_self(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"
