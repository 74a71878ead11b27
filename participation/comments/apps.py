from django.utils.translation import gettext_lazy as _

from plugins import PARTICIPATION, PluginConfig


class CommentsConfig(PluginConfig):
    name = "participation.comments"
    label = "participation_comments"
    verbose_name = _("评论")
    default_auto_field = "django.db.models.BigAutoField"
    version = "0.1.0"
    category = PARTICIPATION
    description = _("居民对页面发表评论与意见，工作人员审核并作官方回复。")
    kind = "comments"
