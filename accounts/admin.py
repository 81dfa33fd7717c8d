from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts import oidc, services
from accounts.models import Identitet, Invitation, User
from accounts.personal_data import person_delete, person_export


@admin.action(description=_("Eksporter personens data (JSON)"))
def export_person(modeladmin, request, queryset):
    body = "[\n" + ",\n".join(person_export(email=u.email) for u in queryset) + "\n]"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personopplysninger.json"'
    return response


@admin.action(description=_("Slett personens data"))
def delete_person(modeladmin, request, queryset):
    for email in list(queryset.values_list("email", flat=True)):
        person_delete(email=email, by=request.user)


@admin.action(description=_("Nullstill to-faktor-innlogging (mistet telefon)"))
def to_faktor_reset(modeladmin, request, queryset):
    for user in queryset:
        services.to_faktor_reset(user=user, by=request.user)
    modeladmin.message_user(request, _("To-faktor er nullstilt. Personen har fått e-post om det."))


class IdentitetInline(admin.TabularInline):
    """A person's OpenID logins: linked by hand here when their provider does not say the
    e-mail is verified (a veileder's Entra ID, say), or removed when linked wrongly."""

    model = Identitet
    extra = 0
    fields = ["issuer", "sub", "created_at"]
    readonly_fields = ["created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a wrong link is removed and a new one added, each recorded

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "issuer":
            issuers = ", ".join(f"{p.issuer} ({p.name})" for p in oidc.providers().values())
            field.help_text = _("Utstederen slik den står på siden som avviste innloggingen. Satt opp: %(liste)s") % {
                "liste": issuers or "–"
            }
        return field


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [IdentitetInline]
    ordering = ["email"]
    list_display = ["email", "navn", "is_veileder", "fasilitator_for", "is_staff", "is_active", "language"]
    list_filter = ["is_veileder", "is_staff", "is_active"]
    list_select_related = ["fasilitator_for"]
    search_fields = ["email", "navn"]
    autocomplete_fields = ["fasilitator_for"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["navn", "language"]}),
        (
            _("Tilgang"),
            {"fields": ["is_active", "is_veileder", "fasilitator_for", "is_staff", "is_superuser", "groups"]},
        ),
    ]
    actions = [export_person, delete_person, to_faktor_reset]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "is_veileder"]})]

    def save_formset(self, request, form, formset, change):
        """Logins are linked and removed through their services, so each is recorded."""
        if formset.model is not Identitet:
            return super().save_formset(request, form, formset, change)
        added = formset.save(commit=False)
        for identitet in formset.deleted_objects:
            services.identitet_remove(identitet=identitet, by=request.user, source="admin")
        for identitet in added:
            services.identitet_link(
                user=form.instance, issuer=identitet.issuer, sub=identitet.sub, by=request.user, source="admin"
            )

    def save_model(self, request, obj, form, change):
        """A facilitator's Kommune is set through its service (checked, recorded). It is
        cleared before the rest is saved and set after, so no step holds an administrator
        who is also a facilitator (the form has checked the end state)."""
        if not change or "fasilitator_for" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        kommune = obj.fasilitator_for
        if kommune is None:
            services.user_set_fasilitator(user=obj, kommune=None, by=request.user, source="admin")
            return super().save_model(request, obj, form, change)
        obj.fasilitator_for_id = User.objects.get(pk=obj.pk).fasilitator_for_id
        super().save_model(request, obj, form, change)
        services.user_set_fasilitator(user=obj, kommune=kommune, by=request.user, source="admin")
        obj.fasilitator_for = kommune


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["kontakt", "created_by", "created_at", "expires_at", "used_at"]
    readonly_fields = ["kontakt", "token_hash", "created_by", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False
