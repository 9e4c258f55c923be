"""The app's models, one module per kind of record."""

from requests_ltft.models.applications import ApplicationBase
from requests_ltft.models.evidence import Evidence
from requests_ltft.models.ltft import LtftApplication, LtftSnapshot, LtftStatusChange
from requests_ltft.models.oopp import (
    OoppApplication,
    OoppSnapshot,
    OoppStatusChange,
    SupervisorView,
)

__all__ = [
    "ApplicationBase",
    "Evidence",
    "LtftApplication",
    "LtftSnapshot",
    "LtftStatusChange",
    "OoppApplication",
    "OoppSnapshot",
    "OoppStatusChange",
    "SupervisorView",
]
