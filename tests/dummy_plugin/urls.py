from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from participation.core.models import Module


@login_required
@require_POST
def raise_hand(request, module_id):
    module = get_object_or_404(Module, pk=module_id, kind="raise_hand")
    module.settings["hands"] = module.settings.get("hands", 0) + 1
    module.save(update_fields=["settings"])
    return HttpResponse("ok")


urlpatterns = [path("<int:module_id>/raise/", raise_hand, name="raise")]
