"""The resident's channel choices: one channel and one rhythm per declared kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.notifications.models import Channel, Preference, Rhythm, SmsOptOut
from participation.notifications.policy import default_route, reachable

MUST_KNOW_HELP = _("必须知道的消息：只留了手机号的居民总会收到短信。")


class PreferencesForm(forms.Form):
    """Fields ``channel:<kind>`` and ``rhythm:<kind>`` for every kind in ``kinds``."""

    def __init__(self, user, kinds, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = kinds
        chosen = {choice.kind: choice for choice in Preference.objects.filter(user=user)}
        for kind in kinds:
            current = chosen.get(kind.name)
            fallback = default_route(user, kind.must_know)
            self.fields[f"channel:{kind.name}"] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=current.channel if current else fallback.channel,
                help_text=MUST_KNOW_HELP if kind.must_know else "",
            )
            self.fields[f"rhythm:{kind.name}"] = forms.ChoiceField(
                label=_("频率"),
                choices=Rhythm.choices,
                initial=current.rhythm if current else fallback.rhythm,
            )

    def rows(self):
        """(kind, channel field, rhythm field) for the template."""
        return [
            (kind, self[f"channel:{kind.name}"], self[f"rhythm:{kind.name}"]) for kind in self.kinds
        ]

    def clean(self):
        cleaned = super().clean()
        for kind in self.kinds:
            field = f"channel:{kind.name}"
            channel = cleaned.get(field)
            if channel == Channel.EMAIL and not reachable(self.user, channel):
                self.add_error(field, _("您的账号没有电子邮箱，请先在“我的账号”里添加。"))
            if channel == Channel.SMS and not reachable(self.user, channel):
                self.add_error(field, _("您的账号没有手机号码，请先在“我的账号”里添加。"))
        return cleaned

    def save(self) -> None:
        """Choosing SMS for any kind ends an earlier reply TD (退订)."""
        if any(self.cleaned_data[f"channel:{kind.name}"] == Channel.SMS for kind in self.kinds):
            SmsOptOut.objects.filter(user=self.user).delete()
        for kind in self.kinds:
            Preference.objects.update_or_create(
                user=self.user,
                kind=kind.name,
                defaults={
                    "channel": self.cleaned_data[f"channel:{kind.name}"],
                    "rhythm": self.cleaned_data[f"rhythm:{kind.name}"],
                },
            )
