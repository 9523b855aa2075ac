"""One page: 50 cadres (name and unit) from the real table, ordered as the cadre list is."""

from django.db import connection
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

PAGE = Engine().from_string(
    "<!doctype html><html><head><title>bare</title></head><body><table>"
    "{% for name, unit in rows %}<tr><td>{{ name }}</td><td>{{ unit }}</td></tr>{% endfor %}"
    "</table></body></html>"
)


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.name, u.name FROM cadres_cadre c JOIN cadres_orgunit u ON u.id = c.unit_id "
            "ORDER BY c.id LIMIT 50"
        )
        rows = cursor.fetchall()
    return HttpResponse(PAGE.render(Context({"rows": rows})))


urlpatterns = [path("", bare)]
