"""The transition table of a SuppoRTT meeting (docs/rules.md §6), run by the shared engine in
`portal.workflow.services`:

    not scheduled ──schedule──▶ scheduled ──record──▶ recorded ──sign off──▶ signed off
         ▲   │                   │  ▲  │                 │  ▲                    │
         │   └──────record───────┼──┼──┘                 └──┘ correct     acknowledge
         └────────cancel─────────┘  └─ reschedule                              ▼
                                                                          acknowledged

A meeting is one of the three a plan must hold, so cancelling an arrangement sends it back to
"not scheduled" rather than ending it. A meeting can be recorded without having been scheduled
in the portal (arranged by phone, held on the ward).
"""

from portal.workflow.table import Transition, TransitionTable
from returners.choices import MeetingStatus as S
from returners.permissions import OWNER, SUPERVISOR, TPD

RECORDERS = frozenset({SUPERVISOR, TPD})

MEETING_TRANSITIONS = TransitionTable(
    [
        Transition("schedule", frozenset({S.PENDING}), S.SCHEDULED, RECORDERS, "Schedule"),
        Transition("reschedule", frozenset({S.SCHEDULED}), S.SCHEDULED, RECORDERS, "Reschedule"),
        Transition(
            "cancel",
            frozenset({S.SCHEDULED}),
            S.PENDING,
            RECORDERS,
            "Cancel",
            reason_required=True,
        ),
        Transition("record", frozenset({S.PENDING, S.SCHEDULED}), S.LOGGED, RECORDERS, "Record"),
        Transition("correct", frozenset({S.LOGGED}), S.LOGGED, RECORDERS, "Correct the record"),
        Transition("sign_off", frozenset({S.LOGGED}), S.SIGNED_OFF, RECORDERS, "Sign off"),
        Transition(
            "acknowledge",
            frozenset({S.SIGNED_OFF}),
            S.ACKNOWLEDGED,
            frozenset({OWNER}),
            "Acknowledge",
        ),
    ]
)
