"""Bringing in trainees, programme memberships and staff from a TIS export.

reading  — the file, whatever its name says, into rows numbered as a spreadsheet shows them
columns  — the two files' headers, and turning one cell into a value or a message
people   — checking the TIS export's rows and writing them (dry run or for real)
staff    — the same for the staff file
report   — summaries and the downloadable error report
"""
