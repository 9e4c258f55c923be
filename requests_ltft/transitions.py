"""The LTFT and OOPP transition tables (docs/rules.md §2). OOPP differs only in how an
active pause ends; the engine that runs both is portal.workflow.services."""

from portal.workflow.table import SYSTEM, Transition, TransitionTable
from requests_ltft.choices import Status as S

OWNER, TPD, DEANERY = "OWNER", "TPD", "DEANERY"


def _common() -> list[Transition]:
    return [
        Transition(
            "submit", frozenset({S.DRAFT}), S.SUBMITTED, frozenset({OWNER}), "Submit", snapshot=True
        ),
        Transition(
            "tpd_support", frozenset({S.SUBMITTED}), S.TPD_SUPPORTED, frozenset({TPD}), "Support"
        ),
        Transition(
            "return_for_changes",
            frozenset({S.SUBMITTED, S.TPD_SUPPORTED}),
            S.UNSUBMITTED,
            frozenset({TPD, DEANERY}),
            "Return for changes",
            reason_required=True,
            new_revision=True,
        ),
        Transition(
            "resubmit",
            frozenset({S.UNSUBMITTED}),
            S.SUBMITTED,
            frozenset({OWNER}),
            "Resubmit",
            snapshot=True,
        ),
        Transition(
            "approve", frozenset({S.TPD_SUPPORTED}), S.APPROVED, frozenset({DEANERY}), "Approve"
        ),
        Transition(
            "reject",
            frozenset({S.TPD_SUPPORTED}),
            S.REJECTED,
            frozenset({DEANERY}),
            "Reject",
            reason_required=True,
        ),
        Transition(
            "withdraw",
            frozenset({S.SUBMITTED, S.UNSUBMITTED, S.TPD_SUPPORTED}),
            S.WITHDRAWN,
            frozenset({OWNER}),
            "Withdraw",
            reason_required=True,
        ),
        Transition("activate", frozenset({S.APPROVED}), S.ACTIVE, frozenset({SYSTEM}), "Start"),
    ]


LTFT_TRANSITIONS = TransitionTable(
    _common()
    + [Transition("complete", frozenset({S.ACTIVE}), S.COMPLETED, frozenset({SYSTEM}), "Complete")]
)

OOPP_TRANSITIONS = TransitionTable(
    _common()
    + [
        Transition(
            "return_to_training",
            frozenset({S.ACTIVE}),
            S.RETURNED,
            frozenset({SYSTEM, DEANERY}),
            "Record the return",
        )
    ]
)
