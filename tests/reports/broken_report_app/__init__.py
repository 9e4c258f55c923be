"""An installed app whose `report` module cannot be imported (test_reports_scale.py)."""
