"""No state changes through GET: every URL in the access table, requested with GET as
every persona, in its own Kommune and a foreign one, leaves every table as it was."""

import hashlib

import pytest
from django.db import connection
from django.urls import reverse

from tests.test_access import ACCESS, PERSONAS, _paminnelse_for, _token_for, _user

SKIP_TABLES = {"django_session"}  # logging in writes the session, before any GET


def _digest() -> dict[str, str]:
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in SKIP_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - table names from introspection
            out[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return out


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_changes_no_row(client, world, persona):
    world.token = _token_for
    world.paminnelse = _paminnelse_for
    user = _user(world, persona)  # the facilitator too
    urls = []
    for name, (_method, kwargs_for, _expected) in sorted(ACCESS.items()):
        for tenant in (world.own, world.foreign):
            urls.append(reverse(name, kwargs=kwargs_for(tenant, world) if kwargs_for else None))
    if user is not None:
        client.force_login(user)
    before = _digest()
    for url in urls:
        client.get(url)
        after = _digest()
        changed = [t for t in before if before[t] != after.get(t)]
        assert changed == [], f"GET {url} as {persona} changed {changed}"
