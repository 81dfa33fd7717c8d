"""Every change to the main domain objects lands in the history with who and what."""

from datetime import timedelta

from django.utils import timezone

from core.audit import history_for
from handlingsplan import services as plans
from kommuner.services import kontakt_link_user
from risikovurdering import services as risk
from veiledning import services as workflow


def test_each_domain_object_records_who_changed_what(world):
    v, hms, eier = world.veileder, world.own.users["hms"], world.own.users["skoleeier"]
    veiledning = workflow.veiledning_update_brev(veiledning=world.own.veiledning, var_ref="2027/9", brevform="nn", by=v)
    start = timezone.now() + timedelta(days=30)
    samling = workflow.samling_schedule(
        veiledning=veiledning, type="oppstart", start=start, slutt=start + timedelta(hours=1), by=v
    )
    rad = risk.risikoforhold_save(rad=world.own.rad, fields={"situasjon": "Ny"}, versjon=1, by=hms).rad
    vurdering = risk.risikovurdering_update(vurdering=world.own.vurdering, fields={"kilder": ["avvik"]}, by=hms)
    plan = plans.handlingsplan_save_svar(plan=world.own.plan, svar={"0": "Svar"}, by=hms)
    tiltak = plans.tiltak_set_status(tiltak=world.own.tiltak, status="pagar", by=hms)
    kontakt = kontakt_link_user(kontakt=world.own.kontakter["bht"], user=eier, by=v)
    for obj, who, field in (
        (veiledning, v, "var_ref"), (samling, v, "start"), (rad, hms, "situasjon"), (vurdering, hms, "kilder"),
        (plan, hms, "svar"), (tiltak, hms, "status"), (kontakt, v, "user_id"),
    ):  # fmt: skip
        entry = history_for(obj).filter(actor=who).first()
        assert entry is not None and field in entry.changes, (obj, field)
