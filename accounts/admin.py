from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "navn", "is_veileder", "is_staff", "is_active", "language"]
    list_filter = ["is_veileder", "is_staff", "is_active"]
    search_fields = ["email", "navn"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["navn", "language"]}),
        (_("Tilgang"), {"fields": ["is_active", "is_veileder", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "is_veileder"]})]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["kontakt", "created_by", "created_at", "expires_at", "used_at"]
    readonly_fields = ["kontakt", "token_hash", "created_by", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False
