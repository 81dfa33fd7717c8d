"""Writes for users: invitations, accepting them, language choice."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import INVITATION_LIFETIME, Invitation, User
from core.audit import audit_record
from kommuner.models import Kontakt
from kommuner.services import kontakt_link_user


def _send_invitation_mail(*, kontakt: Kontakt, token: str, by: User) -> None:
    language = kontakt.language
    with translation.override(language):
        context = {
            "kontakt": kontakt,
            "link": settings.SITE_URL + reverse("accounts:invitation", args=[token]),
            "by": by,
            "days": INVITATION_LIFETIME.days,
        }
        subject = _("Invitasjon: Vold og trusler i skolen")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [kontakt.epost])


@transaction.atomic
def invitation_create(*, kontakt: Kontakt, by: User) -> Invitation:
    """Send a new single-use link. Earlier unused links for the Kontakt stop working."""
    now = timezone.now()
    for old in Invitation.objects.select_for_update().filter(kontakt=kontakt, used_at__isnull=True):
        old.expires_at = min(old.expires_at, now)
        old.save(update_fields=["expires_at"])
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        kontakt=kontakt, token_hash=Invitation.hash_token(token), created_by=by, expires_at=now + INVITATION_LIFETIME
    )
    audit_record(obj=kontakt, action="update", by=by, changes={"invitert": [None, now.isoformat()]})
    transaction.on_commit(lambda: _send_invitation_mail(kontakt=kontakt, token=token, by=by))
    return invitation


def invitation_by_token(*, token: str) -> Invitation | None:
    """Look up without consuming: mail scanners GET links before people do."""
    return (
        Invitation.objects.select_related("kontakt__kommune", "kontakt__skole", "kontakt__user")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Consume the link once: create or update the user, set the password, link the Kontakt."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("Lenken er brukt eller utløpt. Be veilederen din om en ny invitasjon."))
    kontakt = invitation.kontakt
    user = kontakt.user or User.objects.filter(email__iexact=kontakt.epost).first()
    if user is None:
        user = User(email=kontakt.epost.lower(), navn=kontakt.navn, language=kontakt.kommune.language)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    kontakt_link_user(kontakt=kontakt, user=user, by=user, source="invitasjon")
    return user


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Ukjent språk."))
    user.language = language
    user.save(update_fields=["language"])
    return user
