"""A large import leaves room for web requests (issue 15, item 3): on the embedded SQLite
default, a 50,000-row import in one transaction made a concurrent request fail with
"database is locked" once the request's 20 s busy timeout ran out. Here, at a tenth of
the size, a writer on another connection with a 3 s busy timeout must get through."""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from demo.vestland import demo_orgnr
from kommuner.importing import BATCH_SIZE, ImportFailed, import_kommuner, import_skoler
from kommuner.models import Kommune, Skole
from kommuner.services import kommune_upsert

BERGEN = "964338531"
OTHER = demo_orgnr(9_200_000)
ROWS = 5_000


def skoler_csv(n: int) -> str:
    rows = [f"{demo_orgnr(7_000_000 + i)};Skole {i};{BERGEN};barneskole;{i % 900};{i % 90}" for i in range(n)]
    return "orgnr;navn;kommune_orgnr;skoletype;elever;ansatte\n" + "\n".join(rows) + "\n"


class Writer(threading.Thread):
    """A web request's write, repeated on its own connection while the import runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.done: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 3000")
            n = 0
            while not self.stop.is_set():
                n += 1
                try:
                    kommune_upsert(orgnr=OTHER, fields={"nummer": "4602", "navn": f"Web {n}", "type": "kommune"})
                    self.done.append(time.monotonic())
                except OperationalError as error:
                    self.errors.append(str(error))
                time.sleep(0.05)
        finally:
            connection.close()


@pytest.mark.django_db(transaction=True)
def test_web_writes_get_through_during_a_large_import():
    import_kommuner(f"orgnr;nummer;navn;type\n{BERGEN};4601;Bergen;kommune\n")
    text = skoler_csv(ROWS)
    writer = Writer()
    writer.start()
    try:
        started = time.monotonic()
        result = import_skoler(text)
        finished = time.monotonic()
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert result.created == ROWS
    assert Skole.objects.count() == ROWS
    assert writer.errors == []
    during = [t for t in writer.done if started <= t <= finished]
    assert len(during) >= 5, f"{len(during)} writes in {finished - started:.1f} s of import"
    assert Kommune.objects.get(orgnr=OTHER).navn.startswith("Web ")


@pytest.mark.django_db(transaction=True)
def test_a_bad_row_after_the_first_batch_writes_nothing():
    import_kommuner(f"orgnr;nummer;navn;type\n{BERGEN};4601;Bergen;kommune\n")
    text = skoler_csv(BATCH_SIZE * 2 + 10).rstrip("\n") + f"\n{demo_orgnr(7_900_000)};Sist;{BERGEN};bydel;1;1\n"
    with pytest.raises(ImportFailed) as failed:
        import_skoler(text)
    assert [error.line for error in failed.value.errors] == [BATCH_SIZE * 2 + 12]
    assert Skole.objects.count() == 0


def test_sqlite_waits_for_a_busy_database_rather_than_failing_at_once():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
