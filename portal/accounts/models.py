import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address. What they may see comes from `Role`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name


class Role(models.Model):
    """One hat a user wears. Deanery reviewers belong to one local office; an admin without
    a local office reports on all of them."""

    class Kind(models.TextChoices):
        TRAINEE = "TRAINEE", "Trainee"
        SUPERVISOR = "SUPERVISOR", "Educational supervisor"
        TPD = "TPD", "Training programme director"
        DEANERY = "DEANERY", "Deanery reviewer"
        ADMIN = "ADMIN", "Admin"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    local_office = models.ForeignKey(
        "trainees.LocalOffice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["TRAINEE", "SUPERVISOR", "TPD", "DEANERY", "ADMIN"]),
                name="role_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="DEANERY") | Q(local_office__isnull=False),
                name="role_deanery_has_local_office",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "local_office"], name="role_unique_per_office"
            ),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(local_office__isnull=True),
                name="role_unique_without_office",
            ),
        ]

    def __str__(self):
        office = f" ({self.local_office})" if self.local_office_id else ""
        return f"{self.get_kind_display()}{office}"


class TpdDeputy(models.Model):
    """A TPD names a deputy who acts with the TPD's scope between two dates (inclusive)."""

    tpd = models.ForeignKey(User, on_delete=models.CASCADE, related_name="deputies_named")
    deputy = models.ForeignKey(User, on_delete=models.CASCADE, related_name="deputising_for")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        verbose_name_plural = "TPD deputies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="tpd_deputy_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(tpd=F("deputy")), name="tpd_deputy_not_self"),
        ]

    def __str__(self):
        return f"{self.deputy} for {self.tpd}, {self.starts_on} to {self.ends_on}"


class Invitation(models.Model):
    """A one-time link to choose a password. Only a hash of the token is kept, so nobody who
    reads the database can use a link that has not been used yet."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.user}"


class OfficeSettingChange(models.Model):
    """One number of a local office changed in the portal: who, which, from what, to what and
    when. Kept while the office exists, so a date worked out with an earlier value can be
    explained later (docs/rules.md §1, §6, §9)."""

    local_office = models.ForeignKey(
        "trainees.LocalOffice", on_delete=models.CASCADE, related_name="+"
    )
    setting = models.CharField(max_length=64, help_text="The setting's name in the code.")
    label = models.CharField(max_length=200, help_text="What the page called it then.")
    old_value = models.IntegerField()
    new_value = models.IntegerField()
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(
                fields=["local_office", "setting", "changed_at"], name="office_setting_change"
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.old_value} to {self.new_value}"
