"""Stored names staff read in the admin become Chinese: the groups (Editors → 编辑, Reviewers → 审核员,
Volunteers → 志愿者), the review workflow, and the root page. Wagtail's own default "Moderators
approval" workflow, which no page uses once ours sits on the root, is removed.

The old names are written out here (not taken from pages.roles) so that this migration keeps
doing the same thing whatever the constants become.
"""

from django.conf import settings
from django.db import migrations

GROUPS = {"Editors": "编辑", "Reviewers": "审核员", "Volunteers": "志愿者"}
WORKFLOWS = {"Review by the party organisation": "党组织审核流程"}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
ROOT_TITLE = ("Root", "根页面")


def rename_groups(apps):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for old_name, new_name in GROUPS.items():
        old = Group.objects.filter(name=old_name).first()
        if old is None:
            continue
        new = Group.objects.filter(name=new_name).first()
        if new is None:
            old.name = new_name
            old.save(update_fields=["name"])
            continue
        # Both exist (Wagtail's own "Editors" beside ours): the members join ours, the rest goes.
        for user in User.objects.filter(groups=old):
            user.groups.add(new)
        old.delete()


def rename_workflows(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    for old_name, new_name in WORKFLOWS.items():
        if not Workflow.objects.filter(name=new_name).exists():
            Workflow.objects.filter(name=old_name).update(name=new_name)


def remove_unused_wagtail_default_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    unused = Workflow.objects.filter(
        name=WAGTAIL_DEFAULT_WORKFLOW,
        workflow_pages__isnull=True,
        workflow_content_types__isnull=True,
        workflow_states__isnull=True,
    )
    task_ids = list(unused.values_list("workflow_tasks__task", flat=True))
    unused.delete()
    Task.objects.filter(
        pk__in=task_ids, workflow_tasks__isnull=True, task_states__isnull=True
    ).delete()


def forwards(apps, schema_editor):
    rename_groups(apps)
    rename_workflows(apps)
    remove_unused_wagtail_default_workflow(apps)
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=ROOT_TITLE[0]).update(
        title=ROOT_TITLE[1], draft_title=ROOT_TITLE[1]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_section_title_en"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
