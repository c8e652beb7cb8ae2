"""Subtrees of self-referencing models (regions, institutions), one query per tree level."""

from collections.abc import Iterable

from django.db import models


def subtree_ids(model: type[models.Model], root_ids: Iterable[int], parent_field: str = "parent"):
    """Return the ids of the roots and everything below them.

    The number of queries grows with the depth of the tree (a handful of levels), never with the
    number of nodes.
    """
    found = set(root_ids)
    frontier = set(found)
    while frontier:
        children = set(
            model._default_manager.filter(**{f"{parent_field}_id__in": frontier}).values_list(
                "pk", flat=True
            )
        )
        frontier = children - found
        found |= frontier
    return found
