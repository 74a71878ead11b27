from django.conf import settings
from django.db import models
from django.utils import timezone

from participation.core.models import Module


class HandRaise(models.Model):
    """One resident's raised hand in a raise-hand module: the dummy plugin's personal data."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="hand_raises")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hand_raises"
    )
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "user"], name="tests_dummy_one_hand")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.module_id}"
