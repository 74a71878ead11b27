"""Putting a module on its page from code (the demo loader, plugins reacting to a publish)."""

from django.db import transaction

from participation.core.pages import OpinionWindow

# Module.settings key: the module's window is the page's opinion window, kept in step on publish.
FOLLOWS_PAGE = "window_follows_page"


@transaction.atomic
def embed_module(module, field_name: str = "body") -> None:
    """Append the participation block for ``module`` to its page's StreamField and publish.

    Content pages keep their StreamField in ``body`` by convention. Idempotent: a page that
    already embeds the module is left as it is.
    """
    page = module.page.specific
    stream = getattr(page, field_name)
    # Compare keys: a plugin's Module subclass never equals the base Module the block stores.
    embedded = (
        block.value.pk for block in stream if block.block_type == "participation" and block.value
    )
    if module.pk in embedded:
        return
    stream.append(("participation", module))
    page.save_revision().publish()


@transaction.atomic
def ensure_module(page, model, window: OpinionWindow, **defaults):
    """The module of ``model`` (a Module subclass) on ``page``, created and embedded if missing.

    A module created here follows the page: its window is ``window``, and a later call (the page
    published again with another deadline) moves it. A module staff made by hand, or one whose
    block an editor removed, is left as it is.
    """
    module = model.objects.filter(page=page).order_by("pk").first()
    window = _valid(window)
    if module is None:
        module = model(page=page, settings={FOLLOWS_PAGE: True}, **defaults)
        module.opens_at, module.closes_at = window
        module.save()
        embed_module(module)
    elif module.settings.get(FOLLOWS_PAGE) and (module.opens_at, module.closes_at) != window:
        module.opens_at, module.closes_at = window
        module.save(update_fields=["opens_at", "closes_at"])
    return module


def _valid(window: OpinionWindow) -> tuple:
    """The window as a module may store it (a start not before the end is dropped)."""
    opens_at, closes_at = window
    if opens_at and closes_at and opens_at >= closes_at:
        opens_at = None
    return opens_at, closes_at
