"""Putting a module on its page from code (the demo loader, management commands)."""

from django.db import transaction


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
