"""SuppoRTT pages. Each view: scope check, form, service, message, redirect."""
