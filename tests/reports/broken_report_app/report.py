from portal.reports.sections.no_such_module import SECTION  # noqa: F401 - the breakage tested
