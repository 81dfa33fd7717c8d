"""Writes for users: invitations, accepting them, OpenID logins, the second factor, language choice,
facilitators."""

import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import oidc
from accounts.models import INVITATION_LIFETIME, Identitet, Invitation, User, email_normalize, fasilitator_check
from core.audit import audit_record
from kommuner.access import memberships_forget
from kommuner.models import Kommune, Kontakt
from kommuner.services import kontakt_link_user


def _send_invitation_mail(*, kontakt: Kontakt, token: str, by: User) -> None:
    language = kontakt.language
    with translation.override(language):
        context = {
            "kontakt": kontakt,
            "link": settings.SITE_URL + reverse("accounts:invitation", args=[token]),
            "by": by,
            "days": INVITATION_LIFETIME.days,
            "passord": settings.PASSWORD_LOGIN,
            "innlogginger": any(p.audience != "veileder" for p in oidc.providers().values()),
        }
        subject = _("Invitasjon: Vold og trusler i skolen")
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [kontakt.epost])


def _user_for(kontakt: Kontakt) -> User | None:
    return kontakt.user or User.objects.filter(email__iexact=email_normalize(kontakt.epost)).first()


@transaction.atomic
def invitation_create(*, kontakt: Kontakt, by: User) -> Invitation:
    """Send a new single-use link. Earlier unused links for the Kontakt stop working.
    Never to a veileder or admin: the membership would let them consent for the kommune."""
    user = _user_for(kontakt)
    if user is not None and user.sees_all:
        raise ValidationError(
            _(
                "Invitasjonen er ikke sendt: %(epost)s tilhører en veileder eller administrator, "
                "og en veileder kan ikke ha en rolle i en kommune eller skole."
            )
            % {"epost": kontakt.epost}
        )
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


def _invitation_open(token: str) -> tuple[Invitation, User | None]:
    """The usable invitation, locked, and the user it will be for (if one exists). Never a
    veileder's or admin's: checked before the link may touch a password or a login."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        raise ValidationError(_("Lenken er brukt eller utløpt. Be veilederen din om en ny invitasjon."))
    user = _user_for(invitation.kontakt)
    if user is not None and user.sees_all:
        raise ValidationError(
            _(
                "Invitasjonen kan ikke brukes: adressen tilhører en veileder eller administrator, "
                "og en veileder kan ikke ha en rolle i en kommune eller skole."
            )
        )
    return invitation, user


def _invitation_close(invitation: Invitation, user: User, source: str) -> None:
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    kontakt_link_user(kontakt=invitation.kontakt, user=user, by=user, source=source)


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Consume the link once: create or update the user, set the password, link the Kontakt."""
    invitation, user = _invitation_open(token)
    kontakt = invitation.kontakt
    if user is None:
        user = User(email=email_normalize(kontakt.epost), navn=kontakt.navn, language=kontakt.kommune.language)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    _invitation_close(invitation, user, "invitasjon")
    return user


RECOVERY_CODES = 10


def _send_to_faktor_mail(*, user: User, by: User, reset: bool) -> None:
    """The holder hears of every change to their second factor, in their own language."""
    with translation.override(user.language):
        context = {"user": user, "by": by, "reset": reset, "link": settings.SITE_URL + reverse("accounts:login")}
        subject = _("To-faktor-innloggingen din er endret")
        body = render_to_string("accounts/email/to_faktor.txt", context)
    send_mail(subject, body, None, [user.email])


def to_faktor_confirmed(user: User) -> bool:
    """Whether the user has a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _to_faktor_record(*, user: User, by: User, after: str, source: str, had: bool) -> None:
    audit_record(
        obj=user, action="update", by=by, changes={"to_faktor": ["bekreftet" if had else None, after]}, source=source
    )
    transaction.on_commit(lambda: _send_to_faktor_mail(user=user, by=by, reset=after == "nullstilt"))


@transaction.atomic
def to_faktor_enrol(*, user: User, key: str, verified: bool) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator and fresh recovery codes. Replacing a confirmed one
    needs a session verified with it (or a recovery code); a password alone is not enough."""
    user = User.objects.select_for_update().get(pk=user.pk)
    had = to_faktor_confirmed(user)
    if had and not verified:
        raise PermissionDenied
    _to_faktor_record(user=user, by=user, after="ny", source="to-faktor", had=had)
    _to_faktor_remove(user=user)
    device = TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True)
    static = StaticDevice.objects.create(user=user, name="gjenoppretting", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return device, codes


@transaction.atomic
def to_faktor_reset(*, user: User, by: User) -> User:
    """An admin's reset for a lost phone: the holder sets up a new app at next login."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _to_faktor_record(user=user, by=by, after="nullstilt", source="admin", had=to_faktor_confirmed(user))
    _to_faktor_remove(user=user)
    return user


def _to_faktor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Ukjent språk."))
    user.language = language
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_set_fasilitator(*, user: User, kommune: Kommune | None, by: User | None, source: str = "") -> User:
    """Make the user a facilitator for this Kommune ("train the trainer"), or, with None,
    an ordinary veileder again. Only a veileder who is not an administrator; recorded."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.fasilitator_for_id
    user.fasilitator_for = kommune
    if kommune is not None:
        fasilitator_check(user)
    if before == user.fasilitator_for_id:
        return user
    user.full_clean(exclude=["password"])
    user.save(update_fields=["fasilitator_for"])
    memberships_forget(user=user)
    audit_record(
        obj=user, action="update", by=by, source=source, changes={"fasilitator_for": [before, user.fasilitator_for_id]}
    )
    return user


class LoginRefused(Exception):
    """An OpenID login that must not become a session; the message says why, to the person.
    The reference (issuer and sub) lets an administrator link a veileder by hand."""

    def __init__(self, message: str, referanse: str = ""):
        super().__init__(message)
        self.referanse = referanse


def _email_verified(provider, claims: dict, email: str) -> bool:
    """Verified if the provider says so, or if it is the authority for the address's domain
    (OIDC_<KEY>_EMAIL_DOMAINS: the agency's own Entra ID for its own addresses, which never
    sends email_verified)."""
    if claims.get("email_verified") is True or str(claims.get("email_verified")).lower() == "true":
        return True
    return email.rpartition("@")[2] in provider.email_domains


def identitet_link(*, user: User, issuer: str, sub: str, by: User, source: str) -> Identitet:
    """Link the provider's (issuer, sub) to the user: one login per provider, so a new one
    replaces the old (a wrong link is mended by a new invitation, or in the admin)."""
    issuer = issuer.strip().rstrip("/")  # as accounts.oidc.providers() writes it
    old = list(Identitet.objects.filter(user=user, issuer=issuer).exclude(sub=sub))
    Identitet.objects.filter(pk__in=[o.pk for o in old]).delete()
    identitet, _created = Identitet.objects.get_or_create(user=user, issuer=issuer, sub=sub)
    before = f"{issuer} {old[0].sub}" if old else None
    changes = {"innloggingsidentitet": [before, f"{issuer} {sub}"]}
    audit_record(obj=user, action="update", by=by, changes=changes, source=source)
    return identitet


def identitet_remove(*, identitet: Identitet, by: User, source: str) -> None:
    """Unlink a login: the person can no longer log in with it until it is linked again."""
    changes = {"innloggingsidentitet": [str(identitet), None]}
    identitet.delete()
    audit_record(obj=identitet.user, action="update", by=by, changes=changes, source=source)


def _refuse_unless_allowed(provider, user: User) -> None:
    if not user.is_active:
        raise LoginRefused(_("Brukeren din er deaktivert. Ta kontakt med veilederen eller kommunen."))
    if not provider.allows(user):  # raised inside the transaction: nothing before it is kept
        raise LoginRefused(_("Du kan ikke logge inn med %(navn)s. Bruk en annen innlogging.") % {"navn": provider.name})


@transaction.atomic
def oidc_user_for(*, provider, claims: dict) -> User:
    """Who an OpenID login is (issue 22). Known by the provider's (issuer, sub): that user.
    Else only by an e-mail the provider asserts verified: an existing user, or a Kontakt not
    yet linked (the user is created and linked, as an invitation does). A login never grants
    a role; veiledere and admins only through a provider for veiledere, kommune people only
    through one for them (provider.allows)."""
    identitet = Identitet.objects.select_related("user").filter(issuer=provider.issuer, sub=str(claims["sub"])).first()
    referanse = f"{provider.issuer} {claims['sub']}"  # for an administrator who links by hand
    if identitet is not None:
        user = identitet.user
    else:
        email = email_normalize(str(claims.get("email") or ""))
        if not email:
            raise LoginRefused(_("Innloggingen oppga ingen e-postadresse, så vi vet ikke hvem du er."), referanse)
        if not _email_verified(provider, claims, email):
            raise LoginRefused(
                _(
                    "Innloggingstjenesten har ikke bekreftet e-postadressen %(epost)s, så vi kan ikke koble den til "
                    "en bruker her. Be veilederen eller kommunen om en invitasjon på e-post: i den kan du velge "
                    "denne innloggingen."
                )
                % {"epost": email},
                referanse,
            )
        user = User.objects.filter(email__iexact=email).first()
        kontakter = list(Kontakt.objects.filter(epost__iexact=email, user__isnull=True).select_related("kommune"))
        if user is None and not kontakter:
            raise LoginRefused(
                _("Vi fant ingen bruker med e-postadressen %(epost)s; be veilederen eller kommunen om å legge deg til.")
                % {"epost": email},
                referanse,
            )
        if user is None:
            first = kontakter[0]
            user = User(email=email, navn=first.navn, language=first.kommune.language)
            user.set_unusable_password()
            user.save()
            audit_record(obj=user, action="create", by=user, source="openid")
        if not user.sees_all:  # separation of duties: a veileder is never linked to a Kontakt
            for kontakt in kontakter:
                kontakt_link_user(kontakt=kontakt, user=user, by=user, source="openid")
        identitet_link(user=user, issuer=provider.issuer, sub=str(claims["sub"]), by=user, source="openid")
    _refuse_unless_allowed(provider, user)
    return user


@transaction.atomic
def invitation_accept_openid(*, token: str, provider, claims: dict) -> User:
    """Consume an invitation with an OpenID login instead of a password: the link in our
    e-mail shows the address is theirs, so the provider need not say it verified it. This is
    how the veileder or kommune links a person their provider would not (issue 22)."""
    try:
        invitation, user = _invitation_open(token)
    except ValidationError as error:
        raise LoginRefused(error.messages[0]) from error
    kontakt = invitation.kontakt
    sub = str(claims["sub"])
    if Identitet.objects.filter(issuer=provider.issuer, sub=sub).exclude(user=user).exists():
        raise LoginRefused(
            _(
                "Denne innloggingen hos %(navn)s er allerede koblet til en annen bruker her. "
                "Logg inn med den kontoen som hører til %(epost)s."
            )
            % {"navn": provider.name, "epost": kontakt.epost}
        )
    if user is None:
        user = User(email=email_normalize(kontakt.epost), navn=kontakt.navn, language=kontakt.kommune.language)
        user.set_unusable_password()
        user.save()
        audit_record(obj=user, action="create", by=user, source="invitasjon")
    _invitation_close(invitation, user, "invitasjon")
    identitet_link(user=user, issuer=provider.issuer, sub=sub, by=user, source="invitasjon")
    _refuse_unless_allowed(provider, user)
    return user
