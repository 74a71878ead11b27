"""The one StreamField vocabulary shared by every content page, participation modules included."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from participation.core.blocks import ModuleBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"), choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "pages/blocks/heading.html"
        preview_value = {"text": "社区议事会议题", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)
    alt = blocks.CharBlock(
        label=_("替代文字"), required=False, max_length=200, help_text=_("供读屏软件朗读")
    )

    class Meta:
        icon = "image"
        label = _("图片")
        template = "pages/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("引文")
        template = "pages/blocks/quote.html"
        preview_value = {"text": "居民的事居民议，居民的事居民定。", "attribution": "柳背桥社区"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("附件")
        template = "pages/blocks/document.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("正文"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "hr"],
        template="pages/blocks/paragraph.html",
        preview_value="<p>社区坚持“居民的事居民议”。</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    table = TableBlock(label=_("表格"), icon="table")
    participation = ModuleBlock()
