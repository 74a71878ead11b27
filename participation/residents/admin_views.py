"""Admin views for staff: verify and revoke, household-code sheets, the units CSV import, and a
superuser's reset of another account's lost second factor."""

from datetime import timedelta

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from participation.core.access_log import record_access
from participation.core.admin_tools import get_for_staff, require_any_permission, scope_choices
from participation.core.links import absolute_url
from participation.residents import services
from participation.residents.communities import (
    community_of_request,
    in_community_scope,
    managed_community_ids,
)
from participation.residents.forms import (
    GenerateCodesForm,
    RevokeForm,
    StaffVerifyForm,
    UnitsCSVForm,
)
from participation.residents.importing import ImportError_, import_units
from participation.residents.models import SecondFactorReset, User
from participation.residents.second_factor import reset_second_factor

VERIFY_PERM = "participation_residents.verify_resident"


def _residents_index():
    return reverse("participation_residents_user_modeladmin_index")


@require_http_methods(["GET", "POST"])
def verify(request, pk):
    require_any_permission(request.user, VERIFY_PERM)
    resident = get_for_staff(request, User.objects, community="community", pk=pk)
    form = StaffVerifyForm(
        request.POST if request.method == "POST" else None, initial={"unit": resident.unit_id}
    )
    _within_managed_communities(form, request.user)
    if request.method == "GET":  # the form shows the account and the unit it claims
        record_access(request, gettext_lazy("认证居民"), records=1, subjects=[resident.pk])
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["real_name"]:
            resident.last_name, resident.first_name = form.cleaned_data["real_name"], ""
            resident.save(update_fields=["last_name", "first_name"])
        services.verify_by_staff(
            resident, form.cleaned_data["unit"], request.user, form.cleaned_data["note"]
        )
        messages.success(request, _("已认证：%(name)s") % {"name": resident})
        return redirect(_residents_index())
    context = {"form": form, "resident": resident, "title": _("认证居民")}
    return render(request, "participation_residents/admin/form.html", context)


@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    require_any_permission(request.user, VERIFY_PERM)
    resident = get_for_staff(request, User.objects, community="community", pk=pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_verification(resident, request.user, form.cleaned_data["note"])
        except services.VerificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已撤销认证：%(name)s") % {"name": resident})
        return redirect(_residents_index())
    context = {"form": form, "resident": resident, "title": _("撤销认证")}
    return render(request, "participation_residents/admin/form.html", context)


def _within_managed_communities(form, user):
    """The form offers the buildings, units and communities that ``user`` manages only."""
    community_ids = managed_community_ids(user)
    for field in form.fields.values():
        scope_choices(field, community_ids)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


@never_cache
@require_http_methods(["GET", "POST"])
def generate_codes(request):
    """Generates a building's codes and shows the printable sheet once: only hashes are kept."""
    require_any_permission(request.user, VERIFY_PERM)
    form = GenerateCodesForm(request.POST if request.method == "POST" else None)
    _within_managed_communities(form, request.user)
    if request.method == "POST" and form.is_valid():
        building = form.cleaned_data["building"]
        batch, codes = services.generate_household_codes(
            building, request.user, timedelta(days=form.cleaned_data["valid_days"])
        )
        verify_url = absolute_url(reverse("participation_residents:verify"))
        sheet = [
            {
                "unit": item.unit,
                "code": item.code,
                "qr": qr_data_uri(f"{verify_url}?code={item.code}"),
            }
            for item in codes
        ]
        response = render(
            request,
            "participation_residents/admin/code_sheet.html",
            {"batch": batch, "sheet": sheet, "verify_url": verify_url},
        )
        response["Cache-Control"] = "no-store"
        return response
    context = {"form": form, "title": _("生成入户认证码"), "submit": _("生成并打印")}
    return render(request, "participation_residents/admin/form.html", context)


@require_http_methods(["GET", "POST"])
def import_units_view(request):
    require_any_permission(request.user, "participation_residents.add_unit")
    form = UnitsCSVForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"community": community_of_request(request)},
    )
    _within_managed_communities(form, request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        # Left empty: the community the admin is addressed to, if the staff member manages it.
        community = form.cleaned_data["community"] or community_of_request(request)
        if not in_community_scope(managed_community_ids(request.user), community.pk):
            raise PermissionDenied
        try:
            result = import_units(form.cleaned_data["file"], community.pk)
        except ImportError_ as error:
            errors = error.errors
        else:
            messages.success(
                request,
                _("导入完成：新建楼栋 %(b)d 个，新建住户单元 %(u)d 个，已存在 %(e)d 个。")
                % {
                    "b": result.buildings_created,
                    "u": result.units_created,
                    "e": result.units_existing,
                },
            )
            return redirect("participation_residents_unit_modeladmin_index")
    context = {
        "form": form,
        "errors": errors,
        "title": _("导入楼栋和住户单元（CSV）"),
        "multipart": True,
        "submit": _("导入"),
    }
    return render(request, "participation_residents/admin/form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def reset_second_factor_view(request, pk):
    """Confirm, then remove the account's second factors and end its sessions; logged."""
    if not request.user.is_superuser:
        raise PermissionDenied
    account = get_object_or_404(User, pk=pk)
    if account.pk == request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        reset_second_factor(account, reset_by=request.user)
        messages.success(
            request,
            _("已重置 %(name)s 的两步验证，并使其在所有设备上退出；下次登录时需重新添加。")
            % {"name": account.get_username()},
        )
        return redirect("wagtailusers_users:index")
    context = {
        "form": forms.Form(),
        "resident": account,
        "title": _("重置两步验证"),
        "submit": _("确认重置"),
        "resets": SecondFactorReset.objects.filter(account=account)[:10],
    }
    return render(request, "participation_residents/admin/form.html", context)


urlpatterns = [
    path(
        "<int:pk>/second-factor/reset/",
        reset_second_factor_view,
        name="reset_second_factor",
    ),
    path("<int:pk>/verify/", verify, name="verify"),
    path("<int:pk>/revoke/", revoke, name="revoke"),
    path("codes/", generate_codes, name="generate_codes"),
    path("units/import/", import_units_view, name="import_units"),
]
