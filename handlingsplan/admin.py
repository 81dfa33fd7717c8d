"""The admin keeps to the plan's rules: owners stay, a measure's status changes on the
plan's page with its history (tiltak_set_status), links to risk rows go through
tiltak_update (which checks they are the plan's own)."""

from django.contrib import admin

from core.admin import AuditedAdmin
from handlingsplan import services
from handlingsplan.models import Handlingsplan, Melding, Tiltak, Tiltaksforslag
from handlingsplan.selectors import linkable_rows, planer_with_content_for
from kommuner.access import Omrade, q
from kommuner.models import Kontakt


@admin.register(Tiltaksforslag)
class TiltaksforslagAdmin(AuditedAdmin):
    """Suggested measures per area of the violence-and-threats chapter, offered when a Tiltak is added."""

    list_display = ["__str__", "omrade", "type", "aktiv"]
    list_filter = ["omrade", "aktiv"]


@admin.register(Handlingsplan)
class HandlingsplanAdmin(AuditedAdmin):
    """Started on the school's or the Kommune's page; it stays with its owner."""

    list_display = ["__str__", "kommune", "skole", "updated_at"]
    readonly_fields = ["kommune", "skole", "veiledning"]

    def get_queryset(self, request):
        """Content: only what this administrator may read (the Kommune shares it), DESIGN.md §9."""
        return super().get_queryset(request).filter(pk__in=planer_with_content_for(user=request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tiltak)
class TiltakAdmin(AuditedAdmin):
    list_display = ["__str__", "plan", "status", "frist"]
    list_filter = ["status", "omrade"]
    readonly_fields = ["plan", "status"]  # status changes go through the page, with history

    def get_queryset(self, request):
        """Content: only what this administrator may read (the Kommune shares it), DESIGN.md §9."""
        return super().get_queryset(request).filter(plan__in=planer_with_content_for(user=request.user).values("pk"))

    def has_add_permission(self, request):
        return False  # added on the plan's page, by the plan's owners

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            plan = obj.plan
            form.base_fields["risikoforhold"].queryset = linkable_rows(plan=plan)
            form.base_fields["ansvarlig_kontakt"].queryset = Kontakt.objects.filter(
                kommune=plan.kommune, skole=plan.skole
            )
        return form

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in form.cleaned_data if name != "risikoforhold"}
        # An administrator correcting a measure has no box to confirm a flagged text with.
        services.tiltak_update(
            tiltak=obj, fields=fields, risikoforhold=form.cleaned_data.get("risikoforhold"), by=request.user,
            bekreftet=True,
        )  # fmt: skip

    def save_related(self, request, form, formsets, change):
        pass  # the links were saved, checked and recorded by tiltak_update


@admin.register(Melding)
class MeldingAdmin(AuditedAdmin):
    list_display = ["__str__", "kommune", "created_at"]

    def get_queryset(self, request):
        """Content: only what this administrator may read (the Kommune shares it), DESIGN.md §9."""
        return super().get_queryset(request).filter(q(request.user, Omrade.PLAN_KOMMUNE, to="innhold"))

    def get_readonly_fields(self, request, obj=None):
        return ["kommune", "av"] if obj is not None else ["av"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        skoler = form.cleaned_data.get("skoler") or obj.kommune.skoler.all()  # none chosen here: every school
        obj.pk = services.melding_create(
            kommune=obj.kommune, tekst=obj.tekst, skoler=skoler, by=request.user, bekreftet=True
        ).pk
