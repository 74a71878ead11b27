"""The background task that sends new notifications (django-tasks, run by the worker)."""

from django_tasks import task

from participation.notifications.delivery import drain


@task()
def deliver_items(item_ids: list[int]) -> int:
    """Send the due deliveries of these inbox items; what is not due yet (an SMS in quiet
    hours, a retry) is left to ``manage.py deliver_notifications``."""
    return drain(item_ids=item_ids)
