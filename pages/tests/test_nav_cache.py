"""The navigation is rendered once per persona, place, page and language and kept (issue 20,
the page frame): the kept copy must never show one Kommune's links to another, nor mark the
wrong page as current."""

from django.urls import reverse


def _nav(client, user, url) -> str:
    client.force_login(user)
    page = client.get(url).content.decode()
    return page.split('<nav class="site-nav"')[1].split("</nav>")[0]


def test_each_kommune_gets_its_own_links_and_the_current_page_is_marked(client, world):
    own, foreign = world.own.users["skoleeier"], world.foreign.users["skoleeier"]
    home = reverse("pages:home")
    first = _nav(client, own, home)
    second = _nav(client, foreign, home)
    assert world.own.kommune.orgnr in first and world.foreign.kommune.orgnr not in first
    assert world.foreign.kommune.orgnr in second and world.own.kommune.orgnr not in second
    assert f'href="{home}" aria-current="page"' in first
    oversikt = reverse("risikovurdering:oversikt", args=[world.own.kommune.orgnr])
    again = _nav(client, own, oversikt)
    assert f'href="{oversikt}" aria-current="page"' in again and f'href="{home}" aria-current' not in again


def test_the_hms_groups_seminar_link_follows_its_own_programme_and_language(client, world):
    user = world.own.users["hms"]
    nav = _nav(client, user, reverse("pages:home"))
    assert reverse("veiledning:oppgaver", args=[world.own.veiledning.pk, world.own.skole.pk]) in nav
    user.language = "nn"
    user.save(update_fields=["language"])
    assert "Sida til skulen" in _nav(client, user, reverse("pages:home"))
