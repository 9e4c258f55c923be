"""Kept for the SuppoRTT views until they import from portal.core.views directly."""

from portal.core.views import form_page, posted, require

__all__ = ["form_page", "posted", "require"]
