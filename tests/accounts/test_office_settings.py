"""A local office's own settings: notice periods, SuppoRTT timings and reminder timings, each
with bounds and a history; a change applies from then on (docs/rules.md §1, §6, §9)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from portal.accounts.models import OfficeSettingChange
from portal.core.exceptions import ApplicationError
from portal.notifications.office_settings import office_thresholds_update
from portal.notifications.reminders import reminders_send_due
from portal.notifications.thresholds import threshold
from returners.models import MeetingKind
from returners.reminders import MeetingDueSoon
from returners.services import meeting_log, supportt_settings_update
from tests.factories import local_office
from tests.returners.factories import log_absence, meetings_by_kind
from tests.signing_in import sign_in
from trainees.office_settings import local_office_notice_update

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 9):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False
    )


def test_a_change_is_kept_with_who_made_it_from_what_to_what_and_when(people):
    office = local_office("HENW")
    with at(date(2027, 1, 4), hour=10):
        changed = local_office_notice_update(
            office=office, actor=people.deanery, ltft_notice_weeks=20, oopp_notice_months=3
        )
    assert changed == {"ltft_notice_weeks": (16, 20)}  # the unchanged month is not recorded
    change = OfficeSettingChange.objects.get()
    assert (change.local_office, change.setting, change.old_value, change.new_value) == (
        office,
        "ltft_notice_weeks",
        16,
        20,
    )
    assert change.label == "Notice for a less than full time (LTFT) change (weeks)"
    assert change.changed_by == people.deanery
    assert change.changed_at == datetime(2027, 1, 4, 10, tzinfo=LONDON)
    office.refresh_from_db()
    assert office.ltft_notice_weeks == 20
    # Saving the same values again changes nothing and records nothing.
    local_office_notice_update(office=office, actor=people.deanery, ltft_notice_weeks=20)
    assert OfficeSettingChange.objects.count() == 1


@pytest.mark.parametrize(
    ("save", "name", "value", "message"),
    [
        (local_office_notice_update, "ltft_notice_weeks", 4, "weeks from 5 to 26"),
        (office_thresholds_update, "dean_decision_weeks_before_start", 26, "weeks from 4 to 25"),
        (local_office_notice_update, "oopp_notice_months", 7, "months from 1 to 6"),
        (supportt_settings_update, "es_days", 31, "working days from 1 to 30"),
        (supportt_settings_update, "pre_return_due_weeks", 0, "weeks from 1 to 52"),
        (supportt_settings_update, "unplanned_due_days", 29, "days from 1 to 28"),
        (office_thresholds_update, "supportt_overdue_grace_days", -1, "days from 0 to 28"),
        (office_thresholds_update, "reminder_catch_up_days", 61, "days from 1 to 60"),
    ],
)
def test_a_value_out_of_its_bounds_is_refused_and_nothing_changes(
    people, save, name, value, message
):
    office = local_office("HENW")
    with pytest.raises(ApplicationError, match=message) as refused:
        save(office=office, actor=people.deanery, **{name: value})
    assert refused.value.extra["field"] == name
    assert not OfficeSettingChange.objects.exists()


def test_the_deanery_decision_must_fall_after_the_notice_an_application_gives(people):
    office = local_office("HENW")
    with pytest.raises(ApplicationError, match="less than the LTFT notice period of 16 weeks"):
        office_thresholds_update(
            office=office, actor=people.deanery, dean_decision_weeks_before_start=16
        )
    with pytest.raises(ApplicationError, match="Give more than 12 weeks' notice"):
        local_office_notice_update(office=office, actor=people.deanery, ltft_notice_weeks=12)
    with pytest.raises(ApplicationError, match="Give more than 12 weeks' OOPP notice") as oopp:
        local_office_notice_update(office=office, actor=people.deanery, oopp_notice_months=2)
    assert oopp.value.extra["field"] == "oopp_notice_months"
    with pytest.raises(ApplicationError, match="less than the OOPP notice of 3 months"):
        office_thresholds_update(
            office=office, actor=people.deanery, dean_decision_weeks_before_start=13
        )
    with pytest.raises(ApplicationError, match="later than the training programme director"):
        office_thresholds_update(office=office, actor=people.deanery, tpd_escalation_working_days=5)
    assert not OfficeSettingChange.objects.exists()


def test_the_reminder_sweep_uses_the_office_value_from_the_next_run(people):
    north_west, yorkshire = local_office("HENW"), local_office("HEYHD")
    with at(date(2026, 1, 5)):
        absence = log_absence(
            people.membership, starts_on=date(2026, 6, 1), expected_return_on=date(2027, 3, 1)
        )
    assert meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE].due_on == date(2026, 5, 4)
    name = "supportt_meeting_reminder_days_before"
    assert threshold(name, local_office=north_west) == 14  # read once, so it is cached
    office_thresholds_update(office=north_west, actor=people.deanery, **{name: 21})
    assert threshold(name, local_office=north_west) == 21
    assert threshold(name, local_office=yorkshire) == 14

    def run_on(day):
        with at(day, hour=7):
            return reminders_send_due(rules=[MeetingDueSoon()])[MeetingDueSoon.name]

    assert run_on(date(2026, 4, 10)) == 0  # 24 days before
    assert run_on(date(2026, 4, 13)) == 1  # 21 days before, not the national 14


def test_new_timings_move_meetings_not_held_and_never_a_held_one(people):
    with at(date(2027, 1, 20)):
        absence = log_absence(
            people.membership, starts_on=date(2027, 2, 25), expected_return_on=date(2027, 8, 25)
        )
        pre_absence = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
        meeting_log(
            meeting=pre_absence, actor=people.supervisor, held_on=date(2027, 1, 19), content={}
        )
    held_before = meetings_by_kind(absence)[MeetingKind.PRE_ABSENCE]
    assert (held_before.opens_on, held_before.due_on) == (date(2026, 12, 3), date(2027, 1, 28))

    supportt_settings_update(
        office=local_office("HENW"),
        actor=people.deanery,
        pre_absence_opens_weeks=16,
        pre_absence_due_weeks=6,
        pre_return_opens_weeks=16,
        pre_return_due_weeks=12,
    )
    meetings = meetings_by_kind(absence)
    held = meetings[MeetingKind.PRE_ABSENCE]
    assert (held.opens_on, held.due_on, held.held_on) == (
        date(2026, 12, 3),
        date(2027, 1, 28),
        date(2027, 1, 19),
    )
    pre_return = meetings[MeetingKind.PRE_RETURN]
    assert (pre_return.opens_on, pre_return.due_on) == (date(2027, 5, 5), date(2027, 6, 2))
    assert set(OfficeSettingChange.objects.values_list("setting", "old_value", "new_value")) == {
        ("pre_absence_opens_weeks", 12, 16),
        ("pre_absence_due_weeks", 4, 6),
        ("pre_return_opens_weeks", 12, 16),
        ("pre_return_due_weeks", 8, 12),
    }


# The pages --------------------------------------------------------------------------------


@pytest.fixture
def reviewer(client, people, settings):
    sign_in(client, people.deanery)
    return client


def test_the_office_page_lists_every_section_with_its_current_values(reviewer):
    home = reviewer.get(reverse("office:settings_home"))
    assert home.url == reverse("office:settings", args=["HENW"])
    page = reviewer.get(home.url).text
    for section in ("notice", "supportt", "reminders"):
        assert reverse("office:section", args=["HENW", section]) in page
    assert "16 weeks" in page and "Office settings" in page


def test_a_section_page_refuses_an_out_of_range_value_keeps_what_was_typed_and_shows_history(
    reviewer, people
):
    url = reverse("office:section", args=["HENW", "notice"])
    bad = reviewer.post(url, {"ltft_notice_weeks": "40", "oopp_notice_months": "3"})
    assert bad.status_code == 200 and "<title>Error:" in bad.text
    assert "enter a number of weeks from 5 to 26" in bad.text
    assert 'value="40"' in bad.text
    assert reviewer.post(url, {"ltft_notice_weeks": "18", "oopp_notice_months": "3"}).url == url
    page = reviewer.get(url).text
    assert "Notice for a less than full time (LTFT) change (weeks)" in page
    assert people.deanery.get_full_name() in page
    assert "Nobody has changed these settings" not in page


def test_another_office_and_an_unknown_section_are_not_found(reviewer):
    assert reviewer.get(reverse("office:settings", args=["HEYHD"])).status_code == 404
    assert reviewer.get(reverse("office:section", args=["HEYHD", "notice"])).status_code == 404
    assert reviewer.get(reverse("office:section", args=["HENW", "nothing"])).status_code == 404


def test_a_save_from_an_older_page_keeps_what_another_tab_saved_meanwhile(reviewer):
    url = reverse("office:section", args=["HENW", "notice"])
    page = reviewer.get(url).text
    assert 'name="shown_ltft_notice_weeks" value="16"' in page
    shown = {"shown_ltft_notice_weeks": "16", "shown_oopp_notice_months": "3"}
    # Tab A changes the LTFT notice; tab B, opened before, still shows 16 and changes OOPP.
    reviewer.post(url, {**shown, "ltft_notice_weeks": "20", "oopp_notice_months": "3"})
    reviewer.post(url, {**shown, "ltft_notice_weeks": "16", "oopp_notice_months": "4"})
    office = local_office("HENW")
    office.refresh_from_db()
    assert (office.ltft_notice_weeks, office.oopp_notice_months) == (20, 4)


@pytest.mark.parametrize(
    ("save", "values", "field", "message"),
    [
        (
            office_thresholds_update,
            {"supportt_pre_return_reminder_weeks_before_return": 26},
            "supportt_pre_return_reminder_weeks_before_return",
            r"pre-return meeting \(26 weeks before the return\) no earlier than its window opens "
            r"\(12 weeks",
        ),
        (
            supportt_settings_update,
            {"pre_return_opens_weeks": 10, "pre_return_due_weeks": 8},
            "pre_return_opens_weeks",
            "no earlier than its window opens",
        ),
        (
            office_thresholds_update,
            {"oopp_pre_return_prompt_weeks_before_end": 20},
            "oopp_pre_return_prompt_weeks_before_end",
            r"OOPP ends \(20 weeks\)",
        ),
        (
            supportt_settings_update,
            {"es_days": 30},
            "es_days",
            r"30 working days ends after the post-return review is due \(4 weeks",
        ),
        (
            supportt_settings_update,
            {"post_return_due_weeks": 2, "post_return_opens_weeks": 1, "es_days": 15},
            "es_days",
            "Enhanced supervision of 15 working days",
        ),
    ],
)
def test_a_reminder_before_its_meeting_can_be_held_is_refused_naming_both(
    people, save, values, field, message
):
    office = local_office("HENW")
    with pytest.raises(ApplicationError, match=message) as refused:
        save(office=office, actor=people.deanery, **values)
    assert refused.value.extra["field"] == field
    assert not OfficeSettingChange.objects.exists()


def test_an_admin_chooses_the_office_and_reads_its_name(client, people):
    sign_in(client, people.admin)
    choose = client.get(reverse("office:settings_home"))
    assert choose.status_code == 200
    for code in ("HENW", "HEYHD"):
        assert reverse("office:settings", args=[code]) in choose.text
    page = client.get(reverse("office:settings", args=["HEYHD"])).text
    assert "your local office" not in page
    assert f"The numbers {local_office('HEYHD').name} sets for itself" in page


def test_the_overview_links_to_each_field_and_history_and_hides_unused_triage(reviewer):
    page = reviewer.get(reverse("office:settings", args=["HENW"])).text
    section = reverse("office:section", args=["HENW", "notice"])
    assert f'href="{section}#id_ltft_notice_weeks"' in page
    assert f'href="{section}#history"' in page
    assert "Deanery triage" not in page
    reminders = reverse("office:section", args=["HENW", "reminders"])
    assert "deanery_triage_working_days" not in reviewer.get(reminders).text
    assert 'id="history"' in reviewer.get(section).text


@pytest.mark.parametrize(
    ("save", "values"),
    [
        (supportt_settings_update, {"pre_absence_due_weeks": 20}),
        (supportt_settings_update, {"pre_return_due_weeks": 13}),
        (supportt_settings_update, {"post_return_opens_weeks": 5}),
        (office_thresholds_update, {"tpd_nudge_working_days": 15}),
    ],
)
def test_an_error_about_two_settings_is_on_the_one_just_changed(people, save, values):
    with pytest.raises(ApplicationError) as refused:
        save(office=local_office("HENW"), actor=people.deanery, **values)
    assert refused.value.extra["field"] == next(iter(values))
