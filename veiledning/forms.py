from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.bounds import IdsChoiceField, max_length_of, show_limits, validate_programme_date
from core.privacy import offer_confirm
from veiledning.models import Deltaker, Egenvurdering, Samling, StegEndring, Veiledning
from veiledning.programmal import AGENDA_TITTEL_MAX, LAERINGSMAL_MAX

OSLO = ZoneInfo(settings.TIME_ZONE)


class SkolerForm(forms.Form):
    skoler = IdsChoiceField(
        label=_("Skoler som er med"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, kommune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skoler"].queryset = kommune.skoler.all()


class StegForm(forms.Form):
    til = forms.ChoiceField(label=_("Nytt steg"), choices=Veiledning.Steg.choices)
    grunn = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        max_length=max_length_of(StegEndring, "grunn"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når du går tilbake eller hopper over et steg."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_limits(self)


class BrevForm(forms.Form):
    var_ref = forms.CharField(
        label=_("Vår referanse"),
        max_length=max_length_of(Veiledning, "var_ref"),
        help_text=_("Saksnummeret fra Arbeidstilsynets arkiv, for eksempel 2026/1234."),
    )
    brevform = forms.ChoiceField(
        label=_("Målform i brevet"),
        choices=[("", _("Kommunens målform")), *Veiledning.Brevform.choices],
        required=False,
    )


class SamlingForm(forms.Form):
    dato = forms.DateField(
        label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_programme_date]
    )
    start_tid = forms.TimeField(label=_("Fra klokken"), widget=forms.TimeInput(attrs={"type": "time"}))
    slutt_tid = forms.TimeField(label=_("Til klokken"), widget=forms.TimeInput(attrs={"type": "time"}))
    sted = forms.CharField(label=_("Sted"), max_length=max_length_of(Samling, "sted"), required=False)
    teams_lenke = forms.URLField(label=_("Teams-lenke"), required=False, assume_scheme="https")
    notater = forms.CharField(
        label=_("Notater"),
        required=False,
        max_length=max_length_of(Samling, "notater"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_limits(self)

    def clean(self):
        cleaned = super().clean()
        start, slutt = cleaned.get("start_tid"), cleaned.get("slutt_tid")
        if start and slutt and slutt <= start:
            self.add_error("slutt_tid", _("Slutt må være etter start."))
        return cleaned

    def aware(self, name: str) -> datetime:
        return datetime.combine(self.cleaned_data["dato"], self.cleaned_data[name], tzinfo=OSLO)

    @staticmethod
    def initial_for(samling) -> dict:
        if samling is None:
            return {"start_tid": time(9, 0), "slutt_tid": time(13, 0)}
        start, slutt = samling.start.astimezone(OSLO), samling.slutt.astimezone(OSLO)
        return {
            "dato": start.date(),
            "start_tid": start.time().replace(second=0),
            "slutt_tid": slutt.time().replace(second=0),
            "sted": samling.sted,
            "teams_lenke": samling.teams_lenke,
            "notater": samling.notater,
        }


class DeltakerForm(forms.Form):
    navn = forms.CharField(label=_("Navn"), max_length=max_length_of(Deltaker, "navn"))
    epost = forms.EmailField(label=_("E-post"))
    rolle = forms.ChoiceField(label=_("Rolle"), choices=Deltaker.ROLLER)
    skole = forms.ModelChoiceField(label=_("Skole"), queryset=None, required=False)

    def __init__(self, *args, veiledning, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skole"].queryset = veiledning.skoler.all()


class DeltakerVelgForm(forms.Form):
    """Register, in one action, chosen contacts of the Kommune and chosen participants of
    the meeting before (selectors.deltaker_forslag)."""

    kontakter = forms.TypedMultipleChoiceField(
        label=_("Kontakter i kommunen og på skolene"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    forrige = forms.TypedMultipleChoiceField(
        label=_("Deltakere på forrige møte"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, forslag: list[dict], forrige_navn: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        for name, kilde in (("kontakter", "kontakt"), ("forrige", "forrige")):
            self.fields[name].choices = [
                (f["person"].pk, self._label(f["person"])) for f in forslag if f["kilde"] == kilde
            ]
        if forrige_navn:
            self.fields["forrige"].label = _("Deltakere på %(samling)s") % {"samling": forrige_navn}
        for name in [n for n, f in self.fields.items() if not f.choices]:
            del self.fields[name]

    @staticmethod
    def _label(person) -> str:
        where = ", ".join(str(x) for x in (person.get_rolle_display(), person.skole) if x)
        return f"{person.navn} ({where}) – {person.epost}"

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.fields):
            raise forms.ValidationError(_("Velg minst én person."))
        return cleaned


NIVAER = Egenvurdering.NIVAER  # a question answered by ticking the levels with a risk assessment


# Ticked instead of a level: the school has made no risk assessment at any level (an
# answer, which also replaces a ja / delvis / nei given before the question had levels).
INGEN = "ingen"


def nivaer_choices() -> list[tuple[str, str]]:
    """The levels of the risk tool (individ, trinn/avdeling, skole, sektor), in the seed's order."""
    from risikovurdering.models import Risikovurdering  # the levels are the risk tool's

    return list(Risikovurdering.Niva.choices)


def egenvurdering_svar_i_ord(value: dict | None) -> str:
    """One stored answer in words: the levels ticked ("skole, sektor (kommunen)"), or
    ja / delvis / nei (also an answer given to the levels question before it had levels)."""
    value = value or {}
    if NIVAER in value:
        labels = dict(nivaer_choices())
        ticked = [str(labels[key]) for key, _label in nivaer_choices() if key in value[NIVAER]]
        return ", ".join(ticked) if ticked else str(_("ingen av nivåene"))
    if value.get("svar") in Egenvurdering.Svar.values:
        return str(Egenvurdering.Svar(value["svar"]).label)
    return "–"


class EgenvurderingForm(forms.Form):
    """One ja / delvis / nei question and a comment per point of the template; a point of
    `"type": "nivaer"` is answered by ticking the levels instead (stored as
    {"nivaer": [keys], "kommentar": ""} in the same answers)."""

    ferdig = forms.BooleanField(label=_("Egenvurderingen er ferdig"), required=False)

    def __init__(self, *args, punkter: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.punkter = [(key, label, rest[0] if rest else "") for key, label, *rest in punkter]
        for key, label, kind in self.punkter:
            if kind == NIVAER:
                field = forms.MultipleChoiceField(
                    label=label, choices=[*nivaer_choices(), (INGEN, _("ingen av nivåene"))],
                    widget=forms.CheckboxSelectMultiple, required=False,
                    help_text=_(
                        "Kryss av for hvert nivå der det er gjort risikovurdering, eller for «ingen av nivåene»."
                    ),
                )  # fmt: skip
                earlier = self.initial.get(f"{key}__svar")
                if earlier in Egenvurdering.Svar.values:  # answered ja / delvis / nei before the levels
                    field.help_text = _(
                        "Tidligere svar: %(svar)s. Kryss av for hvert nivå der det er gjort risikovurdering."
                    ) % {"svar": Egenvurdering.Svar(earlier).label}
                self.fields[f"{key}__nivaer"] = field
            else:
                self.fields[f"{key}__svar"] = forms.ChoiceField(
                    label=label, choices=Egenvurdering.Svar.choices, widget=forms.RadioSelect, required=False
                )
            self.fields[f"{key}__kommentar"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                max_length=Egenvurdering.KOMMENTAR_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        comments = [f"{key}__kommentar" for key, _label, _kind in self.punkter]
        offer_confirm(self, comments, bound=Egenvurdering.KOMMENTAR_MAX_LENGTH)
        show_limits(self)

    def answers(self) -> dict:
        answers = {}
        for key, _label, kind in self.punkter:
            kommentar = self.cleaned_data.get(f"{key}__kommentar", "")
            earlier = self.initial.get(f"{key}__svar")
            nivaer = self.cleaned_data.get(f"{key}__nivaer") or []
            if kind != NIVAER:
                answers[key] = {"svar": self.cleaned_data.get(f"{key}__svar", ""), "kommentar": kommentar}
            elif not nivaer and earlier in Egenvurdering.Svar.values:
                answers[key] = {
                    "svar": earlier,
                    "kommentar": kommentar,
                }  # an earlier answer stays until levels are ticked
            else:  # "ingen av nivåene" ticked (or nothing, with no earlier answer): none
                answers[key] = {NIVAER: [k for k, _l in nivaer_choices() if k in nivaer], "kommentar": kommentar}
        return answers

    def clean(self):
        cleaned = super().clean()
        for key, _label, kind in self.punkter:
            nivaer = cleaned.get(f"{key}__nivaer") or []
            if kind == NIVAER and INGEN in nivaer and len(nivaer) > 1:
                self.add_error(f"{key}__nivaer", _("Kryss av for nivåene, eller for «ingen av nivåene», ikke begge."))
        return cleaned

    def in_words(self, svar: dict) -> list[dict]:
        """Each point with its stored answer in words and its comment (the page read only)."""
        return [
            {
                "label": label,
                "svar": egenvurdering_svar_i_ord(svar.get(key)),
                "kommentar": (svar.get(key) or {}).get("kommentar", ""),
            }
            for key, label, _kind in self.punkter
        ]

    @staticmethod
    def initial_from(svar: dict) -> dict:
        initial = {}
        for key, value in svar.items():
            if NIVAER in value:
                initial[f"{key}__nivaer"] = list(value[NIVAER]) or [INGEN]
            else:
                initial[f"{key}__svar"] = value.get("svar", "")
            initial[f"{key}__kommentar"] = value.get("kommentar", "")
        return initial


KLOKKE = RegexValidator(r"^([01]\d|2[0-3]):[0-5]\d$", _("Skriv tiden som TT:MM, for eksempel 09:15."))
MAX_LAERINGSMAL = 10
SPRAK = (("nb", _("bokmål")), ("nn", _("nynorsk")))


def _text_of(value, language: str) -> str:
    return value.get(language, "") if isinstance(value, dict) else str(value or "")


class ProgrammalForm(forms.Form):
    """The parts of the Kommune's copy its facilitator adapts: each agenda item's title and
    times, and the learning goals (one row more than there are, to add one; a row left
    empty is dropped). The rest of the template stays as Arbeidstilsynet wrote it."""

    def __init__(self, *args, programmal, **kwargs):
        super().__init__(*args, **kwargs)
        innhold = programmal.innhold
        self.agenda_rows = []
        for i, item in enumerate(innhold.get("agenda", [])):
            row = {"number": i + 1}
            for lang, label in SPRAK:
                name = f"agenda_{i}_{lang}"
                self.fields[name] = forms.CharField(
                    label=_("Punkt %(n)s, tittel på %(sprak)s") % {"n": i + 1, "sprak": label},
                    max_length=AGENDA_TITTEL_MAX,
                    initial=_text_of(item.get("tittel"), lang),
                )
                row[lang] = name
            for key, label in (("start", _("Punkt %(n)s, fra klokken")), ("slutt", _("Punkt %(n)s, til klokken"))):
                name = f"agenda_{i}_{key}"
                self.fields[name] = forms.CharField(
                    label=label % {"n": i + 1},
                    max_length=5,
                    validators=[KLOKKE],
                    initial=item.get(key, ""),
                    help_text=_("TT:MM"),
                    widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5}),
                )
                row[key] = name
            self.agenda_rows.append(row)
        goals = innhold.get("laeringsmal", [])
        self.mal_rows = []
        for j in range(min(len(goals) + 1, MAX_LAERINGSMAL)):
            row = {"number": j + 1}
            for lang, label in SPRAK:
                name = f"mal_{j}_{lang}"
                self.fields[name] = forms.CharField(
                    label=_("Læringsmål %(n)s på %(sprak)s") % {"n": j + 1, "sprak": label},
                    max_length=LAERINGSMAL_MAX,
                    required=False,
                    initial=_text_of(goals[j], lang) if j < len(goals) else "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                row[lang] = name
            self.mal_rows.append(row)
        show_limits(self)

    def rows(self, rows: list[dict]) -> list[dict]:
        """The rows with their bound fields, for the template."""
        return [{k: (self[v] if k != "number" else v) for k, v in row.items()} for row in rows]

    @property
    def agenda_fields(self) -> list[dict]:
        return self.rows(self.agenda_rows)

    @property
    def mal_fields(self) -> list[dict]:
        return self.rows(self.mal_rows)

    def clean(self):
        cleaned = super().clean()
        for row in self.agenda_rows:
            start, slutt = cleaned.get(row["start"]), cleaned.get(row["slutt"])
            if start and slutt and slutt <= start:
                self.add_error(row["slutt"], _("Slutt må være etter start."))
        filled = 0
        for row in self.mal_rows:
            nb, nn = (cleaned.get(row[lang], "").strip() for lang, _label in SPRAK)
            if nb and not nn:
                self.add_error(row["nn"], _("Skriv læringsmålet på nynorsk også."))
            elif nn and not nb:
                self.add_error(row["nb"], _("Skriv læringsmålet på bokmål også."))
            filled += bool(nb or nn)
        if not filled:
            raise forms.ValidationError(_("Skriv minst ett læringsmål."))
        return cleaned

    def agenda(self) -> list[dict]:
        data = self.cleaned_data
        return [{k: data[row[k]].strip() for k in ("nb", "nn", "start", "slutt")} for row in self.agenda_rows]

    def laeringsmal(self) -> list[dict]:
        data = self.cleaned_data
        rows = ({lang: data[row[lang]].strip() for lang, _label in SPRAK} for row in self.mal_rows)
        return [row for row in rows if row["nb"] or row["nn"]]
