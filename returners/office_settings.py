"""The office settings this app owns, for the office's settings pages."""

from portal.accounts.office_settings import register_section
from returners.services.settings import SUPPORTT_TIMINGS

register_section(SUPPORTT_TIMINGS)
