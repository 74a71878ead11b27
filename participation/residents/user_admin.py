"""Wagtail's user list, whose rows show every account's real name, recorded in the personal
data access log like the residents' own list."""

from django.utils.translation import gettext_lazy as _
from wagtail.users.views.users import IndexView, UserViewSet

from participation.core.access_log import record_access


class RecordedUserIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = context["object_list"]
        record_access(
            self.request,
            _("用户列表"),
            records=len(shown),
            subjects=[user.pk for user in shown],
            action="search" if self.is_searching else "view",
        )
        return context


class ResidentUserViewSet(UserViewSet):
    index_view_class = RecordedUserIndexView
