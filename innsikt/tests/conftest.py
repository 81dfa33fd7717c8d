import pytest

from innsikt.tests.nation import Nation, build_nation


@pytest.fixture
def nation(db) -> Nation:
    return build_nation()
