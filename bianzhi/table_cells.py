"""django-tables2 reads the signature of a column's render function for every cell it draws
(``utils.call_with_appropriate``): 275 cells of a roster page asked ``inspect`` 290 times, a
tenth of the page's time. A function's signature does not change, so it is read once."""

from django_tables2 import utils

_library_signature = utils.signature
_signatures: dict = {}
# Functions made per request (closures) would grow the cache: it starts again past this.
MAX_CACHED = 2000


def signature(fn):
    # A bound method's signature leaves out ``self``: keyed by its function and boundness.
    key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
    try:
        return _signatures[key]
    except KeyError:
        if len(_signatures) >= MAX_CACHED:
            _signatures.clear()
        found = _signatures[key] = _library_signature(fn)
        return found
    except TypeError:  # an unhashable callable
        return _library_signature(fn)


def install() -> None:
    """``call_with_appropriate`` reads ``utils.signature`` when called: replacing it there is
    enough."""
    utils.signature = signature
