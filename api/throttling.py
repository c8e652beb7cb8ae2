"""Calls per token (限流): the rate of the ``partner`` scope in REST_FRAMEWORK's throttle rates,
counted in the configured cache."""

from rest_framework.throttling import SimpleRateThrottle

from .models import PartnerToken


class PartnerTokenThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

    def get_rate(self):
        # Read on each call rather than at import, so a changed setting takes effect.
        from django.conf import settings

        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]
