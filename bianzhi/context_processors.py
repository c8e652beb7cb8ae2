from django.conf import settings

from bianzhi import access


def navigation(request):
    """The current user's role and scope, for the navigation and page headers."""
    scope = access.user_scope(request.user)
    role = access.Role(scope.role) if scope else None
    return {
        "current_scope": scope,
        "current_role": role,
        "is_office": role in access.OFFICE_ROLES,
        "is_office_admin": role == access.Role.OFFICE_ADMIN,
        "is_region_role": role in access.REGION_ROLES,
        "office_name": settings.BIANZHI["OFFICE_NAME"],
    }
