"""Editors, Reviewers, Volunteers; the review workflow on every section; the seed's taxonomies."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from pages import roles

FEATURE_TYPES = [
    ("学习型", "learning", "组织党员、居民读书学习，办好社区学习角和宣讲活动。"),
    ("服务型", "service", "党员志愿者结对帮扶困难户，提供便民服务。"),
    ("环保型", "environment", "垃圾分类、节水节电，环卫劝导常态化。"),
    ("文化型", "culture", "文体活动联办，共享生活乐趣。"),
    ("绿化型", "greening", "楼道和庭院绿化认养，共造优美环境。"),
    ("安全型", "safety", "治安巡逻、消防检查，共保辖区平安。"),
    ("文明型", "civility", "文明楼道、文明家庭评比，邻里守望。"),
    ("和谐型", "harmony", "纠纷调解、邻里互助，促进一方和谐。"),
]
CATEGORIES = [
    ("党务公开", "party-affairs", "党务"),
    ("居务公开", "residents-affairs", "居务"),
    ("财务公开", "finances", "财务"),
    ("服务公开", "services", "服务"),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    groups = roles.create_groups(apps)
    roles.apply_permissions(apps, groups, root_page, root_collection)
    roles.create_workflow(apps, groups[roles.REVIEWERS], root_page)
    for section in apps.get_model("pages", "ShowcaseIndexPage").objects.all():
        roles.grant_volunteers_section(apps, section)

    FeatureType = apps.get_model("pages", "FeatureType")
    for order, (name, slug, description) in enumerate(FEATURE_TYPES):
        FeatureType.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    DisclosureCategory = apps.get_model("pages", "DisclosureCategory")
    for order, (name, slug, prefix) in enumerate(CATEGORIES):
        DisclosureCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "number_prefix": prefix, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
