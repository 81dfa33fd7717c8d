"""First journey: every persona logs in, sees its home page in each language, logs out.
axe-core on each page; the login form by keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_width, login

# persona: (world attribute path, the home page's heading in nb, nn, en)
HOMES = {
    "veileder": ("Oversikt", "Oversikt", "Overview"),
    "skoleeier": ("Vår veiledning", "Rettleiinga vår", "Our guidance programme"),
    "hvo": ("Vår veiledning", "Rettleiinga vår", "Our guidance programme"),
    "hms": ("Vår skole", "Skulen vår", "Our school"),
}
LANGUAGE_BUTTONS = (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", sorted(HOMES))
def test_persona_logs_in_sees_home_in_each_language_and_logs_out(page, world, persona):
    user = world.veileder if persona == "veileder" else world.own.users[persona]
    login(page, user.email)
    for (code, button), heading in zip(LANGUAGE_BUTTONS, HOMES[persona], strict=True):
        page.get_by_role("button", name=button).click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page, f"{persona} home in {code}")
        assert_fits_width(page)
    page.get_by_role("button", name="Bokmål").click()
    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(page.url.split("/logg-inn")[0] + "/logg-inn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn")
    assert_accessible(page, "login page after logout")
    user.refresh_from_db()
    assert user.language == "nb"  # the last choice is remembered on the user
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_login_by_keyboard_alone(page, world):
    user = world.own.users["hms"]
    page.goto("/logg-inn/")
    assert_accessible(page, "login page")
    email, password = page.get_by_label("E-post"), page.get_by_label("Passord")
    expect(email).to_be_focused()  # autofocus: the form is the page's one task
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type("feil-passord")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Feil e-post eller passord")).to_be_visible()
    expect(email).to_have_value(user.email)  # what was typed is kept
    assert_accessible(page, "login error")
    # The error summary takes the focus (Designsystemet; WCAG 3.3.1); Tab goes on to the fields.
    expect(page.locator("ds-error-summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(email).to_be_focused()
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type("Et-godt-passord-2026")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vår skole")
    # On every page the skip link comes first and moves focus to the main content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#innhold")).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_csp_blocks_nothing_we_ship(page, world):
    """No CSP violation reports from our own pages (htmx and Designsystemet's web components load under it)."""
    login(page, world.veileder.email)
    page.goto("/kommuner/")
    assert page.evaluate("() => typeof window.htmx") == "object"
    assert page.evaluate("() => customElements.get('ds-error-summary') !== undefined")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
    assert_accessible(page, "kommune list")
