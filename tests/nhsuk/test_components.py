"""The display components: each draws the NHS.UK (nhsuk-frontend 10) markup a screen reader
relies on, escapes what it is given, and refuses what would make an inaccessible page."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory


@pytest.fixture
def draw(parse):
    def _draw(source, **context):
        html = Template("{% load nhsuk_components %}" + source).render(Context(context))
        return parse(html)

    return _draw


TABLE = (
    ('{% table caption="Applications" caption_hidden=hidden responsive=responsive numeric="2" %}')
    + """
{% table_head "Trainee" "Days" %}
{% for name, days in rows %}{% table_row data_trainee=name %}
{% cell %}<a href="/t">{{ name }}</a>{% endcell %}{% cell %}{{ days }}{% endcell %}
{% endtable_row %}{% endfor %}
{% endtable %}"""
)


def test_a_table_has_a_caption_a_head_and_a_row_per_item(draw):
    dom = draw(TABLE, rows=[("Ann <b>", 3), ("Bo", 12)], hidden=True, responsive=False)
    table = dom.find("table")
    assert table.classes == ["nhsuk-table"]
    caption = table.find("caption")
    assert caption.text() == "Applications"
    assert "nhsuk-u-visually-hidden" in caption.classes
    headers = table.find("thead", class_="nhsuk-table__head").find_all("th")
    assert [(h.text(), h.attrs["scope"]) for h in headers] == [("Trainee", "col"), ("Days", "col")]
    assert "nhsuk-table__header--numeric" in headers[1].classes
    rows = table.find("tbody", class_="nhsuk-table__body").find_all("tr", class_="nhsuk-table__row")
    assert [row.attrs["data-trainee"] for row in rows] == ["Ann <b>", "Bo"]
    first = rows[0].find_all("td", class_="nhsuk-table__cell")
    assert first[0].find("a").text() == "Ann <b>"  # escaped: shown as text, not a tag
    assert first[0].find("b") is None
    assert "nhsuk-table__cell--numeric" in first[1].classes


def test_a_responsive_table_repeats_each_heading_in_its_cells_for_phones(draw):
    dom = draw(TABLE, rows=[("Ann", 3)], hidden=False, responsive=True)
    table = dom.find("table")
    assert table.classes == ["nhsuk-table-responsive"]
    assert table.attrs["role"] == "table"
    cells = table.find("tbody").find_all("td")
    headings = [c.find("span", class_="nhsuk-table-responsive__heading") for c in cells]
    assert [h.text() for h in headings] == ["Trainee", "Days"]
    assert all(h.attrs["aria-hidden"] == "true" for h in headings)
    assert cells[1].text() == "Days 3"


def test_a_table_without_a_caption_is_refused(draw):
    with pytest.raises(TemplateSyntaxError, match="caption"):
        draw('{% table %}{% table_head "A" %}{% endtable %}')


def test_row_headers_and_a_caption_made_of_parts(draw):
    dom = draw(
        "{% table first_cell_is_header=True %}"
        "{% table_caption %}{{ n }} figure{{ n|pluralize }}{% endtable_caption %}"
        '{% table_head "Measure" "Now" %}'
        "{% table_row %}{% cell %}Received{% endcell %}{% cell numeric=True %}7{% endcell %}"
        "{% endtable_row %}{% endtable %}",
        n=2,
    )
    assert dom.find("caption").text() == "2 figures"
    header = dom.find("tbody").find("th")
    assert (header.text(), header.attrs["scope"]) == ("Received", "row")
    assert "nhsuk-table__cell--numeric" in dom.find("tbody").find("td").classes


SUMMARY = """{% summary_list %}
{% summary_row "Name" action_url="/change?x=1&y=2" action_hidden="your name" %}{{ name }}
{% endsummary_row %}
{% summary_row "GMC number" %}1234567{% endsummary_row %}
{% summary_row "File" %}a.pdf{% row_actions %}<button>Remove</button>{% endsummary_row %}
{% endsummary_list %}"""


def test_a_summary_list_draws_key_value_and_a_change_link_with_hidden_text(draw):
    dom = draw(SUMMARY, name="<script>x</script>")
    rows = dom.find("dl", class_="nhsuk-summary-list").find_all(class_="nhsuk-summary-list__row")
    assert [r.find("dt", class_="nhsuk-summary-list__key").text() for r in rows] == [
        "Name",
        "GMC number",
        "File",
    ]
    value = rows[0].find("dd", class_="nhsuk-summary-list__value")
    assert value.text() == "<script>x</script>" and value.find("script") is None
    link = rows[0].find("dd", class_="nhsuk-summary-list__actions").find("a")
    assert link.attrs["href"] == "/change?x=1&y=2"
    assert link.text() == "Change your name"
    assert link.find("span", class_="nhsuk-u-visually-hidden").text() == "your name"
    # A row without an action keeps the values lined up with those that have one.
    assert "nhsuk-summary-list__row--no-actions" in rows[1].classes
    assert rows[1].find(class_="nhsuk-summary-list__actions") is None
    assert rows[2].find(class_="nhsuk-summary-list__actions").find("button").text() == "Remove"


def test_a_summary_list_without_actions_has_no_action_column(draw):
    dom = draw(
        '{% summary_list border=False %}{% summary_row "A" %}1{% endsummary_row %}'
        "{% endsummary_list %}"
    )
    dl = dom.find("dl")
    assert dl.classes == ["nhsuk-summary-list", "nhsuk-summary-list--no-border"]
    assert dl.find(class_="nhsuk-summary-list__row").classes == ["nhsuk-summary-list__row"]


def test_a_summary_row_outside_a_list_is_refused(draw):
    with pytest.raises(TemplateSyntaxError):
        draw('{% summary_row "A" %}1{% endsummary_row %}')


def _page(number, count=25, per_page=10):
    return Paginator(range(count), per_page).page(number)


def test_pagination_links_keep_the_rest_of_the_query_string(draw):
    request = RequestFactory().get("/queue", {"status": "open", "ltft_page": "2"})
    dom = draw(
        '{% pagination page param="ltft_page" anchor="ltft-queue" of="LTFT" %}',
        page=_page(2),
        request=request,
    )
    nav = dom.find("nav", class_="nhsuk-pagination")
    assert nav.attrs["aria-label"] == "Pagination: LTFT"
    previous = nav.find("a", class_="nhsuk-pagination__link--prev")
    following = nav.find("a", class_="nhsuk-pagination__link--next")
    assert previous.attrs["href"] == "?status=open&ltft_page=1#ltft-queue"
    assert following.attrs["href"] == "?status=open&ltft_page=3#ltft-queue"
    assert previous.text() == "Previous page : Page 1 of 3"
    assert following.find("span", class_="nhsuk-pagination__page").text() == "Page 3 of 3"


def test_pagination_on_the_first_page_has_no_previous_link_and_one_page_none(draw):
    dom = draw("{% pagination page %}", page=_page(1))
    assert dom.find("nav").attrs["aria-label"] == "Pagination"
    assert dom.find(class_="nhsuk-pagination-item--previous") is None
    assert dom.find("a", class_="nhsuk-pagination__link--next").attrs["href"] == "?page=2"
    assert draw("{% pagination page %}", page=_page(1, count=5)).children == []


def test_a_tag_escapes_its_text_and_takes_only_nhsuk_colours(draw):
    tag = draw('{% tag text "orange" %}', text="<i>Short</i> notice").find("strong")
    assert tag.classes == ["nhsuk-tag", "nhsuk-tag--orange", "nhsuk-u-nowrap"]
    assert tag.text() == "<i>Short</i> notice" and tag.find("i") is None
    with pytest.raises(ValueError, match="not an NHS.UK tag colour"):
        draw('{% tag "Due" "amber" %}')


def test_inset_text_and_warning_callout_announce_what_they_are(draw):
    dom = draw(
        "{% inset_text %}<p>{{ note }}</p>{% endinset_text %}"
        '{% warning_callout "Overdue" heading_level=3 %}<p>Late</p>{% endwarning_callout %}',
        note="<b>x</b>",
    )
    inset = dom.find("div", class_="nhsuk-inset-text")
    assert inset.text() == "Information: <b>x</b>"
    assert inset.find("b") is None
    callout = dom.find("div", class_="nhsuk-warning-callout")
    label = callout.find("h3", class_="nhsuk-warning-callout__label")
    assert label.text() == "Important: Overdue"
    assert label.find("span").attrs["role"] == "text"


def test_back_link_and_button_link(draw):
    dom = draw(
        '{% back_link "/plan" "Back to the plan" %}{% button_link "/log" text secondary=True %}',
        text="Log <it>",
    )
    back = dom.find("a", class_="nhsuk-back-link")
    assert (back.attrs["href"], back.text()) == ("/plan", "Back to the plan")
    button = dom.find("a", class_="nhsuk-button")
    assert button.classes == ["nhsuk-button", "nhsuk-button--secondary"]
    assert (button.attrs["role"], button.attrs["draggable"]) == ("button", "false")
    assert button.text() == "Log <it>"


@pytest.mark.parametrize(
    ("label", "hidden"),
    [
        ("TPD you discussed this with", "TPD you discussed this with"),
        ("Programme", "programme"),
        ("Start date", "start date"),
    ],
)
def test_a_change_links_hidden_text_keeps_abbreviations(label, hidden):
    # Screen readers read "Change tpd" as a word; "Change TPD" is spelt out.
    page = Template("{% load nhsuk %}Change {{ label|in_sentence }}").render(
        Context({"label": label})
    )
    assert page == f"Change {hidden}"
