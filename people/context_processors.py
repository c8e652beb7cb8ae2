import functools

from . import inbox


def notifications(request):
    """``notification_count`` for the bell in the top bar: the number of notifications, or None
    for a role that gets none.

    Lazy: a callable the template calls only where it shows the bell (once, then cached), so
    fragments and anonymous pages run no query; the bell itself is one COUNT.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def count():
        return inbox.notification_count(user)

    return {"notification_count": count}
