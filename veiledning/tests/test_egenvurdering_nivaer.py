"""Issue 19: the Egenvurdering's "nivå" question is answered by ticking the levels of the
risk tool (individ, trinn/avdeling, skole, sektor), not ja / delvis / nei; the answers are
shown in words, and an answer given as ja / delvis / nei before still shows."""

from django.urls import reverse
from django.utils import translation

from veiledning.forms import EgenvurderingForm, egenvurdering_svar_i_ord

PUNKTER = [("nivaer", "På hvilke nivå er det gjort risikovurdering?", "nivaer"), ("opplaering", "Opplæring?")]


def test_the_levels_question_is_ticked_and_stored_as_levels():
    form = EgenvurderingForm(
        {"nivaer__nivaer": ["sektor", "individ"], "nivaer__kommentar": "Sektor i 2025", "opplaering__svar": "ja"},
        punkter=PUNKTER,
    )
    assert "nivaer__svar" not in form.fields
    assert [c[0] for c in form.fields["nivaer__nivaer"].choices] == ["individ", "trinn", "skole", "sektor", "ingen"]
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "nivaer": {"nivaer": ["individ", "sektor"], "kommentar": "Sektor i 2025"},
        "opplaering": {"svar": "ja", "kommentar": ""},
    }


def test_an_unknown_level_is_refused():
    form = EgenvurderingForm({"nivaer__nivaer": ["klasse"]}, punkter=PUNKTER)
    assert not form.is_valid() and "nivaer__nivaer" in form.errors


def test_answers_read_back_into_the_form_and_an_earlier_ja_stays_until_levels_are_ticked():
    stored = {"nivaer": {"nivaer": ["skole"], "kommentar": "K"}, "opplaering": {"svar": "nei", "kommentar": ""}}
    initial = EgenvurderingForm.initial_from(stored)
    assert initial["nivaer__nivaer"] == ["skole"] and initial["opplaering__svar"] == "nei"
    old = EgenvurderingForm.initial_from({"nivaer": {"svar": "ja", "kommentar": "Før"}})
    with translation.override("nb"):
        form = EgenvurderingForm({"nivaer__kommentar": "Før"}, punkter=PUNKTER, initial=old)
        assert "Tidligere svar: ja" in str(form.fields["nivaer__nivaer"].help_text)
    assert form.is_valid()
    assert form.answers()["nivaer"] == {"svar": "ja", "kommentar": "Før"}
    ticked = EgenvurderingForm({"nivaer__nivaer": ["skole", "trinn"]}, punkter=PUNKTER, initial=old)
    assert ticked.is_valid() and ticked.answers()["nivaer"]["nivaer"] == ["trinn", "skole"]


def test_answers_in_words():
    with translation.override("nb"):
        assert egenvurdering_svar_i_ord({"nivaer": ["sektor", "individ"]}) == (
            "ROS-analyse på individnivå, sektor (kommunen)"
        )
        assert egenvurdering_svar_i_ord({"nivaer": []}) == "ingen av nivåene"
        assert egenvurdering_svar_i_ord({"svar": "delvis"}) == "delvis"
        assert egenvurdering_svar_i_ord({}) == "–"
        form = EgenvurderingForm(punkter=PUNKTER)
        words = form.in_words({"nivaer": {"svar": "ja", "kommentar": "Før"}})
    assert words[0] == {"label": PUNKTER[0][1], "svar": "ja", "kommentar": "Før"}
    assert words[1]["svar"] == "–"


def test_the_page_read_only_shows_the_answers_in_words(client, world):
    from veiledning.models import Egenvurdering

    v, skole = world.own.veiledning, world.own.skole
    keys = [p["key"] for p in v.programmal.innhold["egenvurdering"]]
    Egenvurdering.objects.create(
        veiledning=v, skole=skole, fase="baseline",
        svar={keys[0]: {"svar": "delvis", "kommentar": "Litt"}, "nivaer": {"svar": "ja", "kommentar": ""}},
    )  # fmt: skip
    client.force_login(world.own.users["skoleeier"])
    with translation.override("nb"):
        response = client.get(reverse("veiledning:egenvurdering", args=[v.pk, skole.pk, "baseline"]))
    assert response.status_code == 200 and not response.context["can_write"]
    html = response.content.decode()
    assert "<dd>Delvis<br>" in html and "Litt" in html
    assert "<dd>Ja</dd>" in html  # the levels question answered ja / delvis / nei before it had levels


def test_ingen_av_nivaene_replaces_an_earlier_ja_and_is_shown_again():
    from veiledning.forms import INGEN, EgenvurderingForm

    punkter = [("nivaer", "På hvilke nivå?", "nivaer")]
    initial = EgenvurderingForm.initial_from({"nivaer": {"svar": "ja", "kommentar": ""}})
    untouched = EgenvurderingForm({"nivaer__kommentar": ""}, punkter=punkter, initial=initial)
    assert untouched.is_valid()
    assert untouched.answers()["nivaer"]["svar"] == "ja"  # nothing ticked: the earlier answer stays
    cleared = EgenvurderingForm({"nivaer__nivaer": [INGEN]}, punkter=punkter, initial=initial)
    assert cleared.is_valid()
    assert cleared.answers()["nivaer"] == {"nivaer": [], "kommentar": ""}
    assert EgenvurderingForm.initial_from(cleared.answers())["nivaer__nivaer"] == [INGEN]
    both = EgenvurderingForm({"nivaer__nivaer": [INGEN, "skole"]}, punkter=punkter, initial=initial)
    assert not both.is_valid() and "nivaer__nivaer" in both.errors
