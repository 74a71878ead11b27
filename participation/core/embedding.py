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
    # Compare keys: the block holds a base Module, while a plugin passes its subclass
    # (multi-table inheritance), and model equality tells the two apart.
    if any(
        block.block_type == "participation" and block.value and block.value.pk == module.pk
        for block in stream
    ):
        return
    stream.append(("participation", module))
    page.save_revision().publish()
