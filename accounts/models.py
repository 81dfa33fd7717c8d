import hashlib
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedCharField

INVITATION_LIFETIME = timedelta(days=7)


def email_normalize(value: str) -> str:
    """The one spelling of an address, for logging in, for the login limit and for storing:
    " REKTOR@x.no\t" and full-width letters are the same account (and the same quota)."""
    return unicodedata.normalize("NFKC", value.strip()).casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=email_normalize(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True, is_veileder=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        # iexact as well: rows saved before addresses were normalised keep working.
        return self.get(email__iexact=email_normalize(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with e-mail. Roles at a Kommune or Skole live on Kontakt."""

    email = models.EmailField(_("e-post"), unique=True)
    navn = BoundedCharField(_("navn"), max_length=200, blank=True)
    is_veileder = models.BooleanField(
        _("veileder"), default=False, help_text=_("Inspektør eller fasilitator som planlegger veiledninger.")
    )
    is_staff = models.BooleanField(_("administrator"), default=False)
    # PROTECT, not SET_NULL: a facilitator whose Kommune vanished would be left a plain
    # veileder, who searches the whole register. A Kommune with a facilitator is not
    # deleted until the facilitator is moved or removed.
    fasilitator_for = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fasilitatorer",
        verbose_name=_("fasilitator for"),
        help_text=_(
            "For en veileder i en fylkeskommune eller kommune som er lært opp til å kjøre programmet for sine egne "
            "skoler: hun eller han ser bare denne kommunens veiledninger og register. Tom for Arbeidstilsynets "
            "veiledere."
        ),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, default="nb")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            # Also in clean(): an administrator sees everything, so cannot be held to one Kommune.
            models.CheckConstraint(
                condition=models.Q(fasilitator_for__isnull=True) | models.Q(is_staff=False, is_superuser=False),
                name="fasilitator_ikke_administrator",
            ),
        ]

    def __str__(self) -> str:
        return self.navn or self.email

    @classmethod
    def normalize_username(cls, username):
        return email_normalize(username) if isinstance(username, str) else username

    def clean(self) -> None:
        super().clean()
        # Separation of duties (DESIGN.md §9): whoever guides a kommune never speaks for it.
        if self.sees_all and self.pk and self.kontakter.exists():
            raise ValidationError(
                _("En veileder eller administrator kan ikke ha en rolle i en kommune eller skole. Fjern rollene først.")
            )
        if self.fasilitator_for_id is not None:
            fasilitator_check(self)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.is_staff

    @property
    def sees_all(self) -> bool:
        """Veiledere see the register (a facilitator only their own Kommune's part of it:
        kommuner.access); admins are veiledere too."""
        return self.is_veileder or self.is_admin

    @property
    def is_fasilitator(self) -> bool:
        """A veileder at a fylkeskommune or kommune who runs the programme for its own
        schools: a veileder's access to that Kommune's programmes only."""
        return self.is_veileder and self.fasilitator_for_id is not None


def fasilitator_check(user: "User") -> None:
    """Who may be a facilitator: a veileder who is not an administrator."""
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("En administrator kan ikke være fasilitator: en fasilitator ser bare én kommune."))
    if not user.is_veileder:
        raise ValidationError(_("En fasilitator må også være veileder."))


class Invitation(models.Model):
    """A single-use link that lets a Kontakt set a password. Only the hash is stored."""

    kontakt = models.ForeignKey("kommuner.Kontakt", on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")

    def __str__(self) -> str:
        return f"{self.kontakt} ({self.created_at:%Y-%m-%d})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)  # 256 bits

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class Identitet(models.Model):
    """A person's account at an OpenID provider (issuer + sub), linked to a User at their
    first login by a verified e-mail (accounts.services.oidc_user_for); later logins go by
    it, not by the e-mail. It grants nothing: roles stay on the User and its Kontakter."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identiteter", verbose_name=_("bruker"))
    issuer = models.CharField(_("utsteder"), max_length=500)
    sub = models.CharField(_("identifikator"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("innloggingsidentitet")
        verbose_name_plural = _("innloggingsidentiteter")
        constraints = [models.UniqueConstraint(fields=["issuer", "sub"], name="identitet_issuer_sub_unik")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sub}"

    @property
    def innlogging(self) -> str:
        """The login as its button names it; the issuer once the provider is no longer set up."""
        from accounts.oidc import providers  # oidc reads settings; models must not at import

        return next((p.name for p in providers().values() if p.issuer == self.issuer), self.issuer)
