"""Images and documents that the demo loader put in stray root-level collections move to the root
collection, on which Editors, Reviewers and Volunteers hold their collection permissions."""

from django.db import migrations


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    roots = Collection.objects.filter(depth=1).order_by("path")
    root = roots.first()
    if root is None:
        return
    strays = roots.exclude(pk=root.pk).filter(numchild=0)
    for app_label, model in [("wagtailimages", "Image"), ("wagtaildocs", "Document")]:
        apps.get_model(app_label, model).objects.filter(collection__in=strays).update(
            collection=root
        )
    strays.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_roles_workflow_and_taxonomies"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
