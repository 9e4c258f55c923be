import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from portal.core.models import BaseModel

gmc_number_validator = RegexValidator(
    r"^\d{7}$", "Enter a GMC number of exactly 7 digits, like 1234567."
)


class NamedReference(models.Model):
    """Reference data that people pick and read by its name: listed and shown by name."""

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalOffice(NamedReference):
    """A former HEE local office (deanery), with the settings that vary between offices."""

    code = models.CharField(max_length=12, unique=True, help_text="TIS abbreviation, e.g. HENW")
    name = models.CharField(max_length=100, unique=True)
    ntn_prefix = models.CharField(max_length=5)
    region = models.CharField(max_length=40)
    ltft_notice_weeks = models.PositiveSmallIntegerField(default=16)
    oopp_notice_months = models.PositiveSmallIntegerField(default=3)


class Specialty(NamedReference):
    name = models.CharField(max_length=120, unique=True)
    school = models.CharField(max_length=60, blank=True)

    class Meta(NamedReference.Meta):
        verbose_name_plural = "specialties"


class Grade(models.Model):
    class Level(models.TextChoices):
        FOUNDATION = "FOUNDATION", "Foundation"
        CORE = "CORE", "Core"
        SPECIALTY = "SPECIALTY", "Specialty"
        GP = "GP", "General practice"

    code = models.CharField(max_length=10, unique=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(help_text="Year of training within the level.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]

    def __str__(self):
        return self.code


class ArcpOutcomeCode(models.Model):
    code = models.CharField(max_length=5, unique=True)
    description = models.CharField(max_length=200)
    oopp_eligible = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = "ARCP outcome code"

    def __str__(self):
        return f"Outcome {self.code}: {self.description}"


class Programme(NamedReference):
    """A specialty training programme in one local office, directed by one or more TPDs."""

    name = models.CharField(max_length=160)
    # The programme's number in TIS; the people import finds programmes by it.
    programme_number = models.CharField(max_length=30, blank=True)
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="programmes")
    local_office = models.ForeignKey(
        LocalOffice, on_delete=models.PROTECT, related_name="programmes"
    )
    tpds = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="directed_programmes",
        verbose_name="training programme directors",
    )

    class Meta(NamedReference.Meta):
        constraints = [
            models.UniqueConstraint(fields=["name", "local_office"], name="programme_unique_name"),
            models.UniqueConstraint(
                fields=["local_office", "programme_number"],
                condition=~Q(programme_number=""),
                name="programme_unique_number_in_office",
            ),
        ]


class Trainee(BaseModel):
    """A doctor in training. Names and email live on the user they sign in as."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainee"
    )
    gmc_number = models.CharField(
        "GMC number", max_length=7, unique=True, validators=[gmc_number_validator]
    )
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    skilled_worker_visa = models.BooleanField("holds a Skilled Worker visa", default=False)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gmc_number__regex=r"^[0-9]{7}$"), name="trainee_gmc_seven_digits"
            )
        ]

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.gmc_number})"


class ProgrammeMembership(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="memberships")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="memberships")
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    # The day the trainee left or completed the programme; empty while they are in it. Records
    # about their time in the programme are kept for a set time after it (portal.audit.retention).
    end_date = models.DateField("left the programme on", null=True, blank=True)
    cct_date = models.DateField("current CCT date")
    wte = models.DecimalField(
        "current whole-time equivalent",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("1"))],
    )
    ntn = models.CharField("national training number", max_length=40, blank=True)
    educational_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_memberships",
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                # A trainee who leaves a programme and rejoins it later has two memberships.
                fields=["trainee", "programme", "start_date"],
                name="membership_one_per_programme_start",
            ),
            models.CheckConstraint(
                condition=Q(wte__gte=Decimal("0.1")) & Q(wte__lte=Decimal("1")),
                name="membership_wte_range",
            ),
            models.CheckConstraint(
                condition=Q(cct_date__gt=F("start_date")), name="membership_cct_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["educational_supervisor"], name="membership_es_idx")]

    def __str__(self):
        return f"{self.trainee} in {self.programme}"


class ArcpOutcome(BaseModel):
    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="arcp_outcomes")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(ArcpOutcomeCode, on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField()

    class Meta:
        ordering = ["-awarded_on"]
        verbose_name = "ARCP outcome"

    def __str__(self):
        return f"{self.outcome.code} on {self.awarded_on}"


class ImportRun(BaseModel):
    """One upload of a TIS export (or a staff file): the file, its dry run, and, once
    confirmed, the progress and outcome of the background import."""

    class Kind(models.TextChoices):
        PEOPLE = "PEOPLE", "Trainees and programme memberships"
        STAFF = "STAFF", "Staff"

    class Status(models.TextChoices):
        PREVIEWED = "PREVIEWED", "Checked, waiting for confirmation"
        QUEUED = "QUEUED", "Waiting to start"
        RUNNING = "RUNNING", "Importing"
        DONE = "DONE", "Imported"
        FAILED = "FAILED", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PEOPLE)
    local_office = models.ForeignKey(LocalOffice, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    preview = models.JSONField(default=dict)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
