"""The reference data every deployment needs. Editable afterwards in the admin."""

from django.db import migrations

LOCAL_OFFICES = [
    # (TIS code, name, NTN prefix, NHSE region)
    ("HENWL", "North West London", "LDN", "London"),
    ("HENCEL", "North Central and East London", "LDN", "London"),
    ("HESL", "South London", "LDN", "London"),
    ("HEKSS", "Kent, Surrey and Sussex", "KSS", "South East"),
    ("HETV", "Thames Valley", "OXF", "South East"),
    ("HEWESSEX", "Wessex", "WES", "South East"),
    ("HESW", "South West", "SWN", "South West"),
    ("HEEOE", "East of England", "EAN", "East of England"),
    ("HEEM", "East Midlands", "EMD", "Midlands"),
    ("HEWMD", "West Midlands", "WMD", "Midlands"),
    ("HENW", "North West", "NWE", "North West"),
    ("HENE", "North East", "NTH", "North East and Yorkshire"),
    ("HEYHD", "Yorkshire and the Humber", "YHD", "North East and Yorkshire"),
]

GRADES = (
    [(f"F{n}", "FOUNDATION", n) for n in (1, 2)]
    + [(f"CT{n}", "CORE", n) for n in (1, 2, 3)]
    + [(f"IMT{n}", "CORE", n) for n in (1, 2, 3)]
    + [(f"ST{n}", "SPECIALTY", n) for n in range(1, 9)]
    + [(f"GPST{n}", "GP", n) for n in (1, 2, 3)]
)

ARCP_OUTCOMES = [
    ("1", "Satisfactory progress", True),
    ("2", "Specific capabilities needed, no extra time", False),
    ("3", "Inadequate progress, extra training time needed", False),
    ("4", "Released from training", False),
    ("5", "Incomplete evidence, extra time may be needed", False),
    ("6", "All capabilities gained, recommend CCT", False),
    ("7.1", "LAT or FTSTA: satisfactory progress", False),
    ("7.2", "LAT or FTSTA: development of specific capabilities needed", False),
    ("7.3", "LAT or FTSTA: inadequate progress", False),
    ("7.4", "LAT or FTSTA: incomplete evidence", False),
    ("8", "Out of programme", False),
    ("9", "Top-up training", False),
    ("10.1", "COVID-delayed, satisfactory, not at a critical progression point", True),
    ("10.2", "COVID-delayed, at a critical progression point, extra time needed", True),
]

SPECIALTIES = {
    "Foundation and core": [
        "Foundation Programme", "Internal Medicine Training", "Core Surgical Training",
        "Core Anaesthetics", "Core Psychiatry", "ACCS",
    ],
    "Anaesthesia": ["Anaesthetics", "Intensive Care Medicine"],
    "Emergency Medicine": ["Emergency Medicine"],
    "General Practice": ["General Practice"],
    "Obstetrics and Gynaecology": ["Obstetrics and Gynaecology"],
    "Ophthalmology": ["Ophthalmology"],
    "Occupational Medicine": ["Occupational Medicine"],
    "Public Health": ["Public Health"],
    "Community Sexual and Reproductive Health": ["Community Sexual and Reproductive Health"],
    "Paediatrics": ["Paediatrics", "Paediatric Cardiology"],
    "Medicine": [
        "Acute Internal Medicine", "Allergy", "Audiovestibular Medicine",
        "Aviation and Space Medicine", "Cardiology", "Clinical Genetics",
        "Clinical Neurophysiology", "Clinical Oncology", "Clinical Pharmacology and Therapeutics",
        "Dermatology", "Endocrinology and Diabetes Mellitus", "Gastroenterology",
        "General Internal Medicine", "Genitourinary Medicine", "Geriatric Medicine",
        "Immunology", "Infectious Diseases", "Medical Oncology", "Medical Ophthalmology",
        "Neurology", "Nuclear Medicine", "Palliative Medicine", "Pharmaceutical Medicine",
        "Rehabilitation Medicine", "Renal Medicine", "Respiratory Medicine", "Rheumatology",
        "Sport and Exercise Medicine", "Tropical Medicine",
    ],
    "Pathology": [
        "Chemical Pathology", "Diagnostic Neuropathology", "Forensic Histopathology",
        "Haematology", "Histopathology", "Medical Microbiology", "Medical Virology",
        "Paediatric and Perinatal Pathology",
    ],
    "Psychiatry": [
        "General Psychiatry", "Child and Adolescent Psychiatry", "Forensic Psychiatry",
        "Old Age Psychiatry", "Psychiatry of Learning Disability", "Medical Psychotherapy",
    ],
    "Radiology": ["Clinical Radiology"],
    "Surgery": [
        "Cardiothoracic Surgery", "General Surgery", "Neurosurgery",
        "Oral and Maxillofacial Surgery", "Otolaryngology", "Paediatric Surgery",
        "Plastic Surgery", "Trauma and Orthopaedic Surgery", "Urology", "Vascular Surgery",
    ],
}


def load(apps, schema_editor):
    LocalOffice = apps.get_model("trainees", "LocalOffice")
    Grade = apps.get_model("trainees", "Grade")
    ArcpOutcomeCode = apps.get_model("trainees", "ArcpOutcomeCode")
    Specialty = apps.get_model("trainees", "Specialty")
    for code, name, prefix, region in LOCAL_OFFICES:
        LocalOffice.objects.update_or_create(
            code=code, defaults={"name": name, "ntn_prefix": prefix, "region": region}
        )
    for order, (code, level, year) in enumerate(GRADES):
        Grade.objects.update_or_create(
            code=code, defaults={"level": level, "year": year, "sort_order": order}
        )
    for order, (code, description, eligible) in enumerate(ARCP_OUTCOMES):
        ArcpOutcomeCode.objects.update_or_create(
            code=code,
            defaults={"description": description, "oopp_eligible": eligible, "sort_order": order},
        )
    for school, names in SPECIALTIES.items():
        for name in names:
            Specialty.objects.update_or_create(name=name, defaults={"school": school})


class Migration(migrations.Migration):
    dependencies = [("trainees", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
