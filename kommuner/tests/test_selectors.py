from kommuner import selectors


def test_veileder_sees_register_but_people_only_in_programmes(world):
    v = world.veileder
    assert set(selectors.kommuner_for(user=v)) == {world.own.kommune, world.foreign.kommune}
    kontakter = selectors.kontakter_for(user=v)
    assert kontakter.filter(kommune=world.own.kommune).exists()
    assert not kontakter.filter(kommune=world.foreign.kommune).exists()
    assert list(selectors.kommuner_writable_for(user=v)) == [world.own.kommune]


def test_admin_sees_and_writes_all(world):
    assert selectors.kontakter_for(user=world.admin).filter(kommune=world.foreign.kommune).exists()
    assert selectors.kommuner_writable_for(user=world.admin).count() == 2


def test_kommune_roles_see_own_kommune_and_its_schools_only(world):
    for persona in ("skoleeier", "hvo", "bht"):
        user = world.own.users[persona]
        assert list(selectors.kommuner_for(user=user)) == [world.own.kommune]
        assert list(selectors.skoler_for(user=user)) == [world.own.skole]
        assert {k.kommune for k in selectors.kontakter_for(user=user)} == {world.own.kommune}
        assert not selectors.kommuner_writable_for(user=user).exists()


def test_hms_gruppe_sees_own_school_and_its_people_only(world):
    user = world.own.users["hms"]
    assert not selectors.kommuner_for(user=user).exists()
    assert list(selectors.skoler_for(user=user)) == [world.own.skole]
    assert {k.skole for k in selectors.kontakter_for(user=user)} == {world.own.skole}


def test_search_by_name_number_and_school(world):
    v = world.veileder
    assert list(selectors.kommuner_search(user=v, query="kommune 2")) == [world.foreign.kommune]
    assert list(selectors.kommuner_search(user=v, query="4601")) == [world.own.kommune]
    assert list(selectors.kommuner_search(user=v, query="testskole 1")) == [world.own.kommune]
