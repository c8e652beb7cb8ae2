"""`Authorization: Token <secret>` (or `Bearer <secret>`) against the stored hashes."""

from django.utils.translation import gettext_lazy
from rest_framework import authentication, exceptions

from . import services


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确：应为 “Token <令牌>”。")
        try:
            secret = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("令牌格式不正确。") from error
        token = services.authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(gettext_lazy("令牌无效或已吊销。"))
        return token.account, token

    def authenticate_header(self, request):
        return "Token"
