"""The editorial roles and their permissions, applied by a data migration (and after new sections).

- Editors (编辑) write and change pages in every section and submit them for review; they never
  publish.
- Reviewers (审核员, the party organisation) approve and publish; Wagtail's default "Moderators"
  group is renamed to Reviewers so that its publish rights carry over.
- Volunteers (志愿者) write showcase pages and change their own only, never publish, see no other
  section.

Functions take an ``apps`` registry so the migration can run them on historical models.
"""

from participation.core.staff import EDITORS, REVIEWERS, VOLUNTEERS

__all__ = ["EDITORS", "REVIEWERS", "VOLUNTEERS", "TASK_NAME", "WORKFLOW_NAME"]

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


def grant_volunteers_section(apps, section_page):
    """Volunteers may add and change pages under the showcase section ``section_page``."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group = Group.objects.filter(name=VOLUNTEERS).first()
    if group is None:
        return
    for codename in VOLUNTEER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=section_page.pk,
            permission=_permission(apps, "wagtailcore", codename),
        )


def create_workflow(apps, reviewers, root_page):
    """One workflow for every section: a group approval task for Reviewers, on the root page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
