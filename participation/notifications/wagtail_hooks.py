"""The notifications admin: notices (通知公告) and the delivery log, each behind its permission."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from participation.core.admin_tools import PermissionMenuItem, admin_urls
from participation.notifications import admin_views


@hooks.register("register_admin_urls")
def register_notifications_admin_urls():
    return admin_urls("notices/", admin_views.urlpatterns, "participation_notifications_admin")


def _menu_items():
    return [
        PermissionMenuItem(
            _("通知公告"),
            reverse("participation_notifications_admin:broadcasts"),
            [admin_views.SEND, admin_views.VIEW_BROADCASTS],
            name="notices",
            icon_name="mail",
            order=100,
        ),
        PermissionMenuItem(
            _("投递记录"),
            reverse("participation_notifications_admin:deliveries"),
            [admin_views.VIEW_LOG],
            name="deliveries",
            icon_name="list-ul",
            order=200,
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_notifications_menu():
    return SubmenuMenuItem(
        _("消息通知"),
        Menu(items=_menu_items()),
        name="participation-notifications",  # in NotificationsConfig.admin_menu_names
        icon_name="mail",
        order=256,
    )
