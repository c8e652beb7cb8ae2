"""编制结构: setting the 管理/专技/工勤 posts of one quota line."""

from django.urls import reverse

from bianzhi import access
from bianzhi.views import ObjectActionView

from .. import post_structure
from ..forms import PostStructureForm
from ..models import QuotaLine


class PostStructureSetView(ObjectActionView):
    model = QuotaLine
    queryset = QuotaLine.objects.select_related("institution")
    action = access.Action.CHANGE
    form_class = PostStructureForm
    template_name = "staffing/post_structure_form.html"
    danger = False

    def get_initial(self):
        initial = super().get_initial()
        line = self.object
        initial.update(
            management=line.management_posts,
            professional=line.professional_posts,
            worker=line.worker_posts,
        )
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"核定岗位结构：{self.object}"
        return context

    def perform(self, form):
        data = form.cleaned_data
        return post_structure.post_structure_set(
            line=self.object,
            management=data["management"],
            professional=data["professional"],
            worker=data["worker"],
            document=data["document"],
            actor=self.request.user,
            reason=data["reason"],
        )

    def get_success_message(self, result):
        if result.management_posts is None:
            return f"已清除“{result}”的岗位结构。"
        return (
            f"已核定“{result}”岗位结构：管理 {result.management_posts}、"
            f"专技 {result.professional_posts}、工勤 {result.worker_posts}。"
        )

    def get_success_url(self, result):
        url = reverse("staffing:institution_establishment", args=[result.institution_id])
        return f"{url}#structure"
