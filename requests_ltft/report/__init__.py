"""LTFT's and OOPP's sections of the quarterly report, found by portal.reports.sections; each
module registers its section when imported, LTFT first."""

from requests_ltft.report import ltft, oopp

__all__ = ["ltft", "oopp"]
