"""Display components drawn the NHS.UK way (nhsuk-frontend 10.x): summary list, table,
pagination, tag, inset text, warning callout, back link and button link.

Templates reach them through ``{% load nhsuk_components %}``. Each takes plain values from the
template and never touches the database, so a page's queries stay in its view.
"""
