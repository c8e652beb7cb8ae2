"""我的待办 (the home page's panel, loaded with htmx) and 消息提醒 (the page behind the bell: the
user's notices, read or unread, and what waits for them)."""

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

# The home page panel shows the most urgent few; the rest are one click away.
TASKS_SHOWN = 8
PER_PAGE = 25


class MyTasksView(TemplateView):
    """A fragment for the home page (``orgs:home`` loads it with ``hx-get``, since orgs may not
    import people): a clerk's drafts with their deadlines and its returned requests, a
    reviewer's submissions to review, the office's submissions to approve. Roles without such
    work (partners) get an empty panel. Three queries whatever the number of requests: the
    first few, their people, the total."""

    template_name = "people/includes/my_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        tasks = inbox.tasks_for(self.request.user)
        shown = list(tasks.requests[:TASKS_SHOWN]) if tasks else []
        total = tasks.requests.count() if tasks else 0
        context.update(
            inbox=tasks,
            entries=inbox.entries(shown, today=today),
            total=total,
            more=total - len(shown),
            today=today,
        )
        return context


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
