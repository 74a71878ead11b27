"""Residents' own pages: profile, household-code verification, data download, deletion, signing
out everywhere."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from config.cache import cache_is_available
from participation.core import personal_data
from participation.core.params import text_param
from participation.residents import services
from participation.residents.forms import DeleteAccountForm, HouseholdCodeForm, ProfileForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("显示名称已保存。"))
        return redirect("participation_residents:profile")
    context = {
        "form": form,
        "code_form": HouseholdCodeForm(),
        "verification_events": request.user.verification_events.select_related("unit")[:10],
    }
    return render(request, "participation_residents/profile.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify_with_code(request):
    """Enter a household code; the QR code on the printed sheet opens this page with ?code=."""
    initial = {"code": text_param(request.GET, "code", max_length=40)}
    form = HouseholdCodeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.redeem_household_code(request.user, form.cleaned_data["code"])
        except services.VerificationError as error:
            form.add_error("code", str(error))
        else:
            messages.success(request, _("认证成功：您已认证为 %(unit)s 的居民。") % {"unit": unit})
            return redirect("participation_residents:profile")
    return render(request, "participation_residents/verify.html", {"form": form})


@never_cache
@login_required
def download_data(request):
    """The signed-in resident's own data, from residents and every plugin, as a zip."""
    archive = personal_data.personal_data_archive(request.user)
    filename = f"my-data-{timezone.localdate().isoformat()}.zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("您的账号已注销。"))
        return redirect("/")
    return render(request, "participation_residents/delete_account.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["POST"])
def sign_out_everywhere(request):
    """End every session of this account, on every device, this one included."""
    request.user.end_all_sessions()
    logout(request)
    messages.success(request, _("已在所有设备上退出登录。"))
    return redirect("account_login")


def too_many_requests(request):
    """Where allauth's rate limits answer (``handler429``): too many attempts, or, with the
    cache that keeps the limits away, no way to count them, so the action is refused."""
    if cache_is_available():
        return render(request, "participation_residents/too_many_requests.html", status=429)
    response = render(
        request, "participation_residents/too_many_requests.html", {"unavailable": True}, status=503
    )
    response["Retry-After"] = "30"
    return response


def csrf_failure(request, reason=""):
    """A forged or stale form: a clear message in the visitor's language, nothing saved."""
    return render(request, "participation_residents/csrf_failure.html", status=403)
