from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site_urlpatterns

MINIMAL_TABLE = "bench_minimal_vote"  # created by bench/inside.py's prepare


def bare(request):
    """The floor: a Django view that touches neither the database nor a template."""
    return HttpResponse("ok")


@require_POST
def minimal_vote(request):
    """The floor for a vote: behind the same middleware (CSRF included), 1 SELECT + 1 INSERT."""
    voter = int(request.POST["voter"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {MINIMAL_TABLE} WHERE voter = %s", [voter])  # noqa: S608 -- a constant table name
        if cursor.fetchone() is None:
            cursor.execute(
                f"INSERT INTO {MINIMAL_TABLE} (voter, choice) VALUES (%s, %s)",  # noqa: S608 -- as above
                [voter, request.POST.get("vote", "for")],
            )
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/vote/", minimal_vote, name="bench_minimal_vote"),
    *site_urlpatterns,
]
