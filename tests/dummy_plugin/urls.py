from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from participation.core.models import Module
from participation.core.visibility import get_visible_or_404
from tests.dummy_plugin.models import HandRaise


@login_required
@require_POST
def raise_hand(request, module_id):
    module = get_visible_or_404(Module.objects, request.user, pk=module_id, kind="raise_hand")
    HandRaise.objects.get_or_create(module=module, user=request.user)
    return HttpResponse("ok")


urlpatterns = [path("<int:module_id>/raise/", raise_hand, name="raise")]
