"""The invitation letter and the closing report, rendered from the same data as the pages."""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import override

from core.pdf import render_pdf
from veiledning.models import Samling, Veiledning
from veiledning.programmal import tekst
from veiledning.selectors import egenvurdering_endring, skoler_in


def letter_context(veiledning: Veiledning) -> dict:
    language = veiledning.letter_language
    innhold = veiledning.programmal.innhold
    oppstart = veiledning.samling(Samling.Type.OPPSTART)
    veileder = veiledning.veiledere.order_by("pk").first()
    with override(language):
        when = date_format(timezone.localtime(oppstart.start), "j. F Y") if oppstart else ""
        dato = date_format(timezone.localtime(veiledning.brev_sendt_at or timezone.now()), "j. F Y")
    values = {
        "kommune": veiledning.kommune.navn,
        "antall_skoler": veiledning.skoler.count(),
        "oppstart": when or "etter avtale",  # the same words in bokmål and nynorsk
        "veileder": veileder.navn if veileder else "",
        "veileder_epost": veileder.email if veileder else "",
    }
    brev = innhold["brev"]
    return {
        "veiledning": veiledning,
        "language": language,
        "dato": dato,
        "tittel": tekst(brev["tittel"], language),
        "avsnitt": [tekst(a, language).format(**values) for a in brev["avsnitt"]],
        "kopi": veiledning.kommune.kontakter.filter(skole__isnull=True).exclude(rolle="bht"),
        "skoler": veiledning.skoler.all(),
        "veileder": veileder,
    }


def letter_pdf(veiledning: Veiledning) -> bytes:
    context = letter_context(veiledning)
    return render_pdf(
        "veiledning/brev.html", context, language=context["language"], variant="pdf/a-2a", title=context["tittel"]
    )


def closing_report_context(veiledning: Veiledning, user) -> dict:
    """The closing report as the user may read it: attendance of the schools the user
    sees, their Egenvurdering, and the evaluation as that user's audience gets it."""
    from evaluering.models import Evaluering
    from evaluering.reports import charts
    from evaluering.selectors import evalueringer_for, results_for

    samlinger = list(veiledning.samlinger.prefetch_related("deltakere__skole"))
    seminar = next((s for s in samlinger if s.type == Samling.Type.SEMINAR), None)
    attendance = []
    for skole in skoler_in(veiledning=veiledning, user=user):
        deltakere = [d for d in (seminar.deltakere.all() if seminar else []) if d.skole_id == skole.pk]
        attendance.append(
            {"skole": skole, "registrert": len(deltakere), "mott": sum(1 for d in deltakere if d.oppmott)}
        )
    evaluering = evalueringer_for(user=user).filter(samling=seminar).first() if seminar else None
    evaluering_data = None
    if evaluering is not None:
        language = translation.get_language() if translation.get_language() in ("nb", "nn") else "nb"
        data = results_for(user=user, evaluering=evaluering, language=language)
        evaluering_data = {"evaluering": evaluering, "r": data, "charts": charts(data)}
    return {
        "evaluering": evaluering_data,
        "har_evaluering": seminar is not None and Evaluering.objects.filter(samling=seminar).exists(),
        "veiledning": veiledning,
        "samlinger": samlinger,
        "stegendringer": veiledning.stegendringer.all(),
        "attendance": attendance,
        "endring": egenvurdering_endring(user=user, veiledning=veiledning),
    }


def closing_report_pdf(veiledning: Veiledning, language: str, user) -> bytes:
    with override(language):
        context = closing_report_context(veiledning, user)
    return render_pdf("veiledning/sluttrapport.html", context, language=language)
