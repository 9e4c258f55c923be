from django.db import models


class Status(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SUBMITTED = "SUBMITTED", "Submitted"
    TPD_SUPPORTED = "TPD_SUPPORTED", "Supported by TPD"
    UNSUBMITTED = "UNSUBMITTED", "Returned for changes"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"
    ACTIVE = "ACTIVE", "Active"
    COMPLETED = "COMPLETED", "Completed"
    RETURNED = "RETURNED", "Returned to training"


# An application is "open" until a final decision: one per trainee and programme at a time.
OPEN_STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.TPD_SUPPORTED, Status.UNSUBMITTED]
WAITING_ON_TPD = [Status.SUBMITTED]
WAITING_ON_DEANERY = [Status.TPD_SUPPORTED]


class LtftReason(models.TextChoices):
    CARING = "CARING", "Caring responsibilities"
    DISABILITY = "DISABILITY", "Disability or illness"
    NON_MEDICAL = "NON_MEDICAL", "Non-medical development"
    RELIGIOUS = "RELIGIOUS", "Religious commitment"
    TRAINING = "TRAINING", "Training or career development"
    UNIQUE = "UNIQUE", "Unique opportunities"
    WELLBEING = "WELLBEING", "Welfare and wellbeing"
    OTHER = "OTHER", "Other"


# Reasons whose evidence is special-category data and must be uploaded before submitting.
REASONS_NEEDING_EVIDENCE = {LtftReason.CARING, LtftReason.DISABILITY}
# Reasons that reveal health or religion: shown to the trainee, deanery and admins only.
SPECIAL_CATEGORY_REASONS = {LtftReason.DISABILITY, LtftReason.RELIGIOUS}


class ExceptionalReason(models.TextChoices):
    DISABILITY_TREATMENT = (
        "DISABILITY_TREATMENT",
        ("A disability with ongoing treatment at short notice"),
    )
    CARER_CHANGE = (
        "CARER_CHANGE",
        ("An unforeseen change for a primary carer or someone with parental responsibilities"),
    )
    PERSONAL_SAFETY = "PERSONAL_SAFETY", "A personal safety issue"
    FORCES_DEPLOYMENT = (
        "FORCES_DEPLOYMENT",
        ("My partner is in the armed forces and is being deployed at short notice"),
    )
    BULLYING = "BULLYING", "Harassment or bullying"
    SUPERVISION = "SUPERVISION", "Lack of suitable supervision in my current placement"
    NEWLY_APPOINTED = "NEWLY_APPOINTED", "I was appointed to my post within the last 16 weeks"


class DiscussionRole(models.TextChoices):
    ASSOCIATE_DEAN = "ASSOCIATE_DEAN", "Associate Dean"
    CLINICAL_SUPERVISOR = "CLINICAL_SUPERVISOR", "Clinical Supervisor"
    EDUCATIONAL_SUPERVISOR = "EDUCATIONAL_SUPERVISOR", "Educational Supervisor"
    LTFT_CHAMPION = "LTFT_CHAMPION", "LTFT champion"
    MEDICAL_STAFFING = "MEDICAL_STAFFING", "Medical Staffing Manager"
    PRACTICE_MANAGER = "PRACTICE_MANAGER", "Practice Manager"
    TPD = "TPD", "Training Programme Director"
    TRUST_ADMIN = "TRUST_ADMIN", "Trust Administrator"


STANDARD_PERCENTS = [50, 60, 70, 80, 100]
