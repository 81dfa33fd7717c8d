"""The face (issue 17): Designsystemet with Arbeidstilsynet's theme, no Bootstrap left, and
our crispy pack's field markup (error summary, description, validation message)."""

import json
import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.template import Context, Template

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]

# Bootstrap's classes that a page of ours could have used; any of them means a page still
# leans on Bootstrap's look or behaviour.
BOOTSTRAP = re.compile(
    r"^(btn(-.+)?|col(-.+)?|row(-cols-.+)?|g[xy]?-\d|[dw]-.+|h-\d+|[mp][tbsexy]?-(\d|auto|lg-.+|md-.+|sm-.+)|"
    r"gap-\d|fs-\d|fw-.+|text-(center|start|end|wrap|nowrap|muted|body.*|bg-.+|danger|success|warning|secondary|primary)|"
    r"badge|alert(-.+)?|card(-.+)?|list-group(-.+)?|table(-(sm|striped|hover|bordered|responsive))?|breadcrumb(-.+)?|"
    r"nav|nav-(item|link|pills|tabs)|navbar(-.+)?|form-(control|select|check.*|label|text|floating)|visually-hidden.*|"
    r"page-(item|link)|pagination|container(-.+)?|align-(items|self|middle).*|justify-content-.+|flex-.+|img-fluid|"
    r"list-(unstyled|inline.*)|border(-.+)?|rounded.*|shadow.*|position-.+|float-.+|is-(in)?valid|(in)?valid-feedback|"
    r"h[1-6]|collapse|modal(-.+)?|dropdown(-.+)?|spinner-(border|grow)|ratio.*|sticky-top|fixed-(top|bottom))$"
)
CLASS_ATTR = re.compile(r'class="([^"]*)"')


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_no_bootstrap_class_in_any_template():
    found = []
    for path in _templates():
        for value in CLASS_ATTR.findall(path.read_text(encoding="utf-8")):
            # Template logic inside the attribute is skipped; its literal words are checked.
            words = re.sub(r"{[{%].*?[%}]}", " ", value).split()
            found += [f"{path.relative_to(ROOT)}: {w}" for w in words if BOOTSTRAP.match(w)]
    assert found == []


def test_no_bootstrap_in_packages_static_files_or_settings():
    package = json.loads((ROOT / "package.json").read_text())
    assert not any("bootstrap" in name for name in package["dependencies"])
    for name in ("@digdir/designsystemet-css", "@digdir/designsystemet-web", "@arbeidstilsynet/design-theme"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"][name]), name  # pinned
    assert not [p for p in (ROOT / "static").rglob("*") if "bootstrap" in p.name.lower()]
    assert "crispy_bootstrap5" not in settings.INSTALLED_APPS
    assert settings.CRISPY_TEMPLATE_PACK == "designsystemet"
    base = (ROOT / "templates" / "base.html").read_text() + (ROOT / "templates" / "includes" / "head.html").read_text()
    for asset in ("vendor/designsystemet/designsystemet.css", "vendor/designsystemet/arbeidstilsynet.css"):
        assert asset in base
    assert "http" not in re.sub(r"<!--.*?-->", "", "".join(re.findall(r'(?:href|src)="([^"]*)"', base)))


class _Form(forms.Form):
    navn = forms.CharField(label="Navn", max_length=40, help_text="Slik det står i registeret.")
    tekst = forms.CharField(label="Tekst", max_length=500, required=False, widget=forms.Textarea)
    hvor = forms.ChoiceField(label="Hvor", choices=[("a", "Klasserom"), ("b", "Gang")], widget=forms.RadioSelect)
    ok = forms.BooleanField(label="Jeg har lest", required=False)


def _render(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_crispy_pack_renders_designsystemet_fields_with_an_error_summary():
    html = _render(_Form(data={"navn": "", "hvor": "x"}))
    summary = html[html.index("<ds-error-summary") : html.index("</ds-error-summary>")]
    assert 'href="#id_navn"' in summary and 'href="#id_hvor_0"' in summary
    assert '<ds-field class="ds-field field-block" id="div_id_navn">' in html
    assert 'class="ds-validation-message" data-field="validation" id="id_navn_error"' in html
    navn_input = re.search(r"<input[^>]*name=\"navn\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_navn_helptext id_navn_error"' in navn_input
    assert 'aria-invalid="true"' in navn_input and "ds-input" in navn_input
    assert 'data-field="counter" data-limit="500"' in html  # long text counts down; a name does not
    assert 'data-limit="40"' not in html
    assert '<fieldset class="ds-fieldset field-block" id="div_id_hvor" aria-describedby="id_hvor_error">' in html
    assert "<legend" in html and 'type="radio" class="ds-input"' in html


def test_crispy_pack_keeps_input_and_shows_no_summary_when_valid():
    form = _Form(data={"navn": "Kari", "hvor": "a"})
    assert form.is_valid()
    html = _render(form)
    assert "ds-error-summary" not in html and 'value="Kari"' in html


def _nav(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index('<nav class="site-nav"'))]


def test_navigation_per_persona_follows_design_9b(client, world):
    """DESIGN.md §9b: the HMS-gruppe reaches Seminaret and Egenvurdering from every page;
    admins reach the Programmal."""
    from django.urls import reverse

    client.force_login(world.own.users["hms"])
    nav = _nav(client.get(reverse("pages:accessibility")).content.decode())
    v, skole = world.own.veiledning, world.own.skole
    assert reverse("veiledning:oppgaver", args=[v.pk, skole.pk]) in nav and "Seminaret" in nav
    assert reverse("veiledning:egenvurdering", args=[v.pk, skole.pk, "baseline"]) in nav
    client.force_login(world.admin)
    assert reverse("admin:veiledning_programmal_changelist") in _nav(client.get(reverse("pages:home")).content.decode())
