"""消息提醒 (the page behind the bell: the user's notices, read or unread, and what waits for
them); the home page's 我的待办 panel is people.home.Tasks."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from bianzhi import notices
from bianzhi.models import Notice

from .. import inbox
from ..deadlines import warning_days

PER_PAGE = 25


class NotificationsView(TemplateView):
    """消息提醒: everything the bell counts, each entry linked to its object, paginated: the
    notices (``notices`` page by page, unread first) and the requests waiting."""

    template_name = "people/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        notifications = inbox.notifications_for(self.request.user, today=today)
        page = Paginator(notifications.requests, PER_PAGE).get_page(self.request.GET.get("page"))
        notice_page = Paginator(notices.notices_for(self.request.user), PER_PAGE).get_page(
            self.request.GET.get("notices")
        )
        context.update(
            inbox=notifications,
            notice_page=notice_page,
            unread=notices.unread_count(self.request.user),
            page=page,
            entries=inbox.entries(page.object_list, today=today),
            today=today,
            warning_days=warning_days(),
        )
        return context


class NoticeOpenView(View):
    """Open one of the user's own notices: it is marked read and the user goes to its object."""

    def get(self, request, pk):
        notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
        notices.mark_read(request.user, notice=notice)
        return HttpResponseRedirect(notice.url)


class NoticesReadView(View):
    """全部标为已读: every notice of the user."""

    def post(self, request):
        count = notices.mark_read(request.user)
        messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
        return HttpResponseRedirect(reverse("people:notifications"))
