"""A small LTFT data set built for the report tests, where every figure is known by hand.

Timestamps are written in UTC. The report period is Q1 2025 to 2026 (1 April to 30 June 2025,
British Summer Time, so UK midnight is 23:00 UTC the day before); a year earlier is 1 April to
30 June 2024. In-period events happen at 09:00 UTC (10:00 in the UK).

This period (Q1 2025-26)                                   first    TPD      decision
  A1  HENW  Paediatrics   ST3  80%  CARING                   1 Apr    5 Apr    approve 11 Apr
  A2  HENW  Paediatrics   ST3  60%  CARING, WELLBEING       10 Apr   12 Apr    returned 15 Apr,
      short notice, exceptional                                                resubmit 20 Apr,
                                                                               TPD 22 Apr,
                                                                               approve 10 May
  A3  HENW  Anaesthetics  CT1  50%  DISABILITY, short        1 May    3 May    reject 21 May
  A4  HEYHD Psychiatry    ST3  70%  OTHER, TRAINING          5 May    —        withdraw 7 May
  A5  HEYHD Psychiatry    CT1 100%  WELLBEING               20 Mar*  25 Mar*   approve 4 Apr
  A6  HENW  Paediatrics   ST3  65%  UNIQUE                   1 Jun    2 Jun    approve 30 Jun 21:00Z
                                                                               (22:00 BST: inside)
  A7  HENW  Paediatrics   ST3  80%  CARING                  30 Jun 23:30Z (1 Jul UK: outside)
  A8  HENW  Paediatrics   ST3  draft, never submitted
  A9  HENW  Paediatrics   ST3  80%  RELIGIOUS               10 Jun   (waiting for the TPD)
  A10 HEYHD Psychiatry    ST3  80%  NON_MEDICAL             31 Mar 23:30Z (1 Apr UK: inside)
  (* March 2025 is GMT, so 09:00Z is 09:00 UK; A5 is not received in the period)

A year earlier (Q1 2024-25)
  P1  HENW  Paediatrics   ST3  80%  CARING                   2 Apr    4 Apr    approve 12 Apr
  P2  HEYHD Psychiatry    CT1  60%  WELLBEING, short         1 May    2 May    reject 5 May
  P3  HENW  Anaesthetics  CT1  70%  CARING, DISABILITY       1 Jun    —        withdraw 3 Jun
"""

from types import SimpleNamespace

import pytest

from portal.accounts.models import Role
from tests.factories import MembershipFactory, ProgrammeFactory, user_with_role
from tests.reports.factories import at, make_application
from trainees.models import Grade, Specialty


@pytest.fixture
def world(people):
    """The applications above, with the persona set (tests/personas.py) to look at them."""
    henw, heyhd = people.north_west, people.yorkshire
    paeds = ProgrammeFactory(name="NW Paediatrics", local_office=henw)
    anaes = ProgrammeFactory(
        name="NW Anaesthetics",
        local_office=henw,
        specialty=Specialty.objects.get(name="Anaesthetics"),
    )
    psych = ProgrammeFactory(
        name="YH Psychiatry",
        local_office=heyhd,
        specialty=Specialty.objects.get(name="General Psychiatry"),
    )
    st3, ct1 = Grade.objects.get(code="ST3"), Grade.objects.get(code="CT1")

    def member(programme, grade):
        return MembershipFactory(programme=programme, grade=grade)

    apps = {}
    apps["A1"] = make_application(
        member(paeds, st3),
        proposed_percent=80,
        reasons=["CARING"],
        history=[
            ("submit", at(2025, 4, 1)),
            ("tpd_support", at(2025, 4, 5)),
            ("approve", at(2025, 4, 11)),
        ],
    )
    apps["A2"] = make_application(
        member(paeds, st3),
        proposed_percent=60,
        reasons=["CARING", "WELLBEING"],
        short_notice=True,
        exceptional_reason="CARER_CHANGE",
        exceptional_explanation="My partner's shifts changed.",
        history=[
            ("submit", at(2025, 4, 10)),
            ("tpd_support", at(2025, 4, 12)),
            ("return_for_changes", at(2025, 4, 15)),
            ("resubmit", at(2025, 4, 20)),
            ("tpd_support", at(2025, 4, 22)),
            ("approve", at(2025, 5, 10)),
        ],
    )
    apps["A3"] = make_application(
        member(anaes, ct1),
        proposed_percent=50,
        reasons=["DISABILITY"],
        short_notice=True,
        history=[
            ("submit", at(2025, 5, 1)),
            ("tpd_support", at(2025, 5, 3)),
            ("reject", at(2025, 5, 21)),
        ],
    )
    apps["A4"] = make_application(
        member(psych, st3),
        proposed_percent=70,
        reasons=["OTHER", "TRAINING"],
        reason_other='=HYPERLINK("http://evil.example")',
        history=[("submit", at(2025, 5, 5)), ("withdraw", at(2025, 5, 7))],
    )
    apps["A5"] = make_application(
        member(psych, ct1),
        current_percent=60,
        proposed_percent=100,
        reasons=["WELLBEING"],
        history=[
            ("submit", at(2025, 3, 20)),
            ("tpd_support", at(2025, 3, 25)),
            ("approve", at(2025, 4, 4)),
        ],
    )
    apps["A6"] = make_application(
        member(paeds, st3),
        proposed_percent=65,
        reasons=["UNIQUE"],
        history=[
            ("submit", at(2025, 6, 1)),
            ("tpd_support", at(2025, 6, 2)),
            ("approve", at(2025, 6, 30, 21)),
        ],
    )
    apps["A7"] = make_application(
        member(paeds, st3),
        reasons=["CARING"],
        history=[("submit", at(2025, 6, 30, 23, 30))],
    )
    apps["A8"] = make_application(member(paeds, st3), history=[])
    apps["A9"] = make_application(
        member(paeds, st3), reasons=["RELIGIOUS"], history=[("submit", at(2025, 6, 10))]
    )
    apps["A10"] = make_application(
        member(psych, st3),
        reasons=["NON_MEDICAL"],
        history=[("submit", at(2025, 3, 31, 23, 30))],
    )
    apps["P1"] = make_application(
        member(paeds, st3),
        proposed_percent=80,
        reasons=["CARING"],
        history=[
            ("submit", at(2024, 4, 2)),
            ("tpd_support", at(2024, 4, 4)),
            ("approve", at(2024, 4, 12)),
        ],
    )
    apps["P2"] = make_application(
        member(psych, ct1),
        proposed_percent=60,
        reasons=["WELLBEING"],
        short_notice=True,
        history=[
            ("submit", at(2024, 5, 1)),
            ("tpd_support", at(2024, 5, 2)),
            ("reject", at(2024, 5, 5)),
        ],
    )
    apps["P3"] = make_application(
        member(anaes, ct1),
        proposed_percent=70,
        reasons=["CARING", "DISABILITY"],
        history=[("submit", at(2024, 6, 1)), ("withdraw", at(2024, 6, 3))],
    )
    return SimpleNamespace(
        henw=henw,
        heyhd=heyhd,
        paeds=paeds,
        anaes=anaes,
        psych=psych,
        st3=st3,
        ct1=ct1,
        apps=apps,
        people=people,
        admin=people.admin,
        henw_admin=user_with_role(Role.Kind.ADMIN, henw),
        deanery=people.deanery,
        other_deanery=people.other_deanery,
        tpd=people.tpd,
    )
