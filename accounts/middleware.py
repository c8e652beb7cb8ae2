"""Session rules for every signed-in request: an absolute lifetime (the idle timeout is the
session cookie's age, renewed by each request), and a password set by someone else is changed
before anything else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from .signals import MUST_CHANGE_PASSWORD, SIGNED_IN_AT

SESSION_OVER = "登录已超过最长有效时间，请重新登录。"
CHANGE_FIRST = "这是由管理员设置的初始密码，请先修改密码再继续使用系统。"
# What a user who must change its password may still open.
PASSWORD_PAGES = frozenset({"password_change", "password_change_done", "logout"})


class AccountSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            started = session.setdefault(SIGNED_IN_AT, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                messages.info(request, SESSION_OVER)
                return redirect_to_login(request.get_full_path())
            if session.get(MUST_CHANGE_PASSWORD) and not self._password_page(request):
                messages.warning(request, CHANGE_FIRST)
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _password_page(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in PASSWORD_PAGES and not match.namespace
