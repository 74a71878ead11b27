"""Wagtail's users app with the site's own user viewset (named in ``INSTALLED_APPS`` in place
of ``wagtail.users``); kept apart from the views, which need the app registry ready."""

from wagtail.users.apps import WagtailUsersAppConfig


class ResidentUsersConfig(WagtailUsersAppConfig):
    user_viewset = "participation.residents.user_admin.ResidentUserViewSet"
