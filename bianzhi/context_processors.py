import functools

from django.conf import settings

from bianzhi import access


def navigation(request):
    """The current user's role and scope for page headers, and the navigation menu: the entries
    of ``access.MENU`` the user may open (built only when a template renders it)."""
    scope = access.user_scope(request.user)
    return {
        "current_scope": scope,
        "current_role": access.Role(scope.role) if scope else None,
        "navigation_menu": functools.partial(
            access.menu_for, request.user, getattr(request, "resolver_match", None)
        ),
        "office_name": settings.BIANZHI["OFFICE_NAME"],
    }
