from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_menu_item")
def register_hands_menu_item():
    # Named in the plugin's admin_menu_names, so the core hides it where the plugin is off.
    return MenuItem("Raised hands", "/admin/", name="tests-dummy-hands", icon_name="group")
