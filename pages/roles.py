"""The editorial roles and their permissions, applied by a data migration (and after new sections).

- Editors (编辑) write and change pages in every section and submit them for review; they never
  publish.
- Reviewers (审核员, the party organisation) approve and publish; Wagtail's default "Moderators"
  group is renamed to Reviewers so that its publish rights carry over.
- Volunteers (志愿者) write showcase pages and change their own only, never publish, see no other
  section.

Functions take an ``apps`` registry so the migration can run them on historical models.

An installation of several communities gives each its own staff groups
(``create_community_groups``): the same rights, on that community's pages and collection only.
The district's read-only group (``create_district_group``) reads every community's admin lists
and changes nothing.
"""

from django.apps import apps as django_apps
from wagtail.models import Collection

from participation.core.staff import (
    DISTRICT,
    EDITORS,
    REVIEWERS,
    VOLUNTEERS,
    community_group_name,
)

__all__ = ["DISTRICT", "EDITORS", "REVIEWERS", "VOLUNTEERS", "TASK_NAME", "WORKFLOW_NAME"]

WORKFLOW_NAME = "党组织审核流程"
TASK_NAME = "党组织审核"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page", "unlock_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# "add" alone lets a volunteer edit only the pages they own, never other volunteers' drafts.
VOLUNTEER_PAGE_PERMISSIONS = ["add_page"]
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    VOLUNTEERS: [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")],
}
COLLECTION_PERMISSIONS[REVIEWERS] = COLLECTION_PERMISSIONS[EDITORS]
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("pages", "add_disclosurecategory"),
        ("pages", "change_disclosurecategory"),
        ("pages", "add_featuretype"),
        ("pages", "change_featuretype"),
    ],
    VOLUNTEERS: [("wagtailadmin", "access_admin")],
}
MODEL_PERMISSIONS[REVIEWERS] = MODEL_PERMISSIONS[EDITORS]
# What the district reads across communities: the records of each plugin that name no resident
# (the lists of attendees, bookings, ideas and members stay with each community's staff).
DISTRICT_PERMISSIONS = [
    ("participation_residents", "view_all_communities"),
    ("participation_residents", "view_building"),
    ("participation_residents", "view_unit"),
    ("participation_core", "view_module"),
    ("participation_comments", "view_commentsmodule"),
    ("participation_ballots", "view_ballot"),
    ("participation_hearings", "view_hearing"),
    ("participation_hearings", "view_opinion"),
    ("participation_hearings", "view_opiniongroup"),
    ("participation_notifications", "view_broadcast"),
    ("participation_posts", "view_post"),
    ("participation_posts", "view_dutyday"),
    ("participation_services", "view_serviceblock"),
    ("participation_services", "view_dutypattern"),
    ("participation_services", "view_duty"),
    ("participation_services", "view_servicemonth"),
    ("pages", "view_disclosurecategory"),
]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps):
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name=REVIEWERS).exists():
        Group.objects.filter(name="Moderators").update(name=REVIEWERS)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    groups[VOLUNTEERS] = Group.objects.get_or_create(name=VOLUNTEERS)[0]
    return groups


def apply_permissions(apps, groups, root_page, root_collection):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for name, codenames in PAGE_PERMISSIONS.items():
        group = groups[name]
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(apps, "wagtailcore", codename)
            )
    for name, perms in COLLECTION_PERMISSIONS.items():
        for app_label, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name],
                collection=root_collection,
                permission=_permission(apps, app_label, codename),
            )
    for name, perms in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*[_permission(apps, *perm) for perm in perms])


def grant_volunteers_section(apps, section_page, group=None):
    """Volunteers (``group``, default the installation-wide one) may add and change pages
    under the showcase section ``section_page``."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = group or Group.objects.filter(name=VOLUNTEERS).first()
    if group is None:
        return
    for codename in VOLUNTEER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=section_page.pk,
            permission=_permission(apps, "wagtailcore", codename),
        )


def create_workflow(apps, reviewers, root_page, suffix=""):
    """One workflow for every section: a group approval task for Reviewers, on the root page
    (a community's own, named with ``suffix``, on its home page)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME + suffix, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME + suffix, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


def create_community_groups(site):
    """The staff groups of the community ``site`` (编辑（社区名）, 审核员（…）, 志愿者（…）): the
    installation-wide groups' rights, with page rights on the site's home page (volunteers on its
    showcase sections), collection rights on a collection of its own and a review workflow of
    its own. Idempotent; returns the groups by role."""
    apps = django_apps
    Group = apps.get_model("auth", "Group")
    groups = {
        role: Group.objects.get_or_create(name=community_group_name(role, site))[0]
        for role in (EDITORS, REVIEWERS, VOLUNTEERS)
    }
    root_page = apps.get_model("wagtailcore", "Page").objects.get(pk=site.root_page_id)
    apply_permissions(apps, groups, root_page, community_collection(site))
    for role, group in groups.items():
        installation_wide = Group.objects.filter(name=role).first()
        if installation_wide is not None:
            group.permissions.add(*installation_wide.permissions.all())
    ShowcaseIndexPage = apps.get_model("pages", "ShowcaseIndexPage")
    for section in ShowcaseIndexPage.objects.filter(path__startswith=root_page.path):
        grant_volunteers_section(apps, section, groups[VOLUNTEERS])
    create_workflow(apps, groups[REVIEWERS], root_page, suffix=f"（{community_label(site)}）")
    return groups


def community_volunteers(section_page):
    """The volunteers' group of the community whose tree holds ``section_page``, if it has one."""
    from django.contrib.auth.models import Group
    from wagtail.models import Site

    for site in Site.objects.select_related("root_page"):
        if section_page.path.startswith(site.root_page.path):
            group = Group.objects.filter(name=community_group_name(VOLUNTEERS, site)).first()
            if group is not None:
                return group
    return None


def community_label(site) -> str:
    return site.site_name or site.hostname


def community_collection(site):
    """The collection of the community's images and documents, under the root collection."""
    root = Collection.get_first_root_node()
    name = community_label(site)
    existing = root.get_children().filter(name=name).first()
    return existing if existing is not None else root.add_child(name=name)


def create_district_group(apps=None):
    """The district's read-only group: the admin, every community's lists, no change anywhere
    (it holds only ``view_*`` rights and ``view_all_communities``). Idempotent."""
    apps = apps or django_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get_or_create(name=DISTRICT)[0]
    wanted = [("wagtailadmin", "access_admin"), *DISTRICT_PERMISSIONS]
    for app_label, codename in wanted:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:  # a plugin that is not installed has none
            group.permissions.add(permission)
    return group
