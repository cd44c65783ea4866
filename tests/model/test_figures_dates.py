"""The figure and date parsers used by `conflictkg draft`: every awkward form listed in issue 5."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.model.dates import parse_date
from conflictkg.model.figures import parse_figure

D = dt.date


@pytest.mark.parametrize(
    "text, qualifier, lo, best, hi, rest",
    [
        ("108+", "at-least", 108, None, None, ""),
        ("50+", "at-least", 50, None, None, ""),
        ("~40", "approximately", None, 40, None, ""),
        ("dozens", "unquantified", None, None, None, ""),
        ("hundreds", "unquantified", None, None, None, ""),
        ("several dozen", "unquantified", None, None, None, ""),
        ("18–27", "range", 18, None, 27, ""),
        ("18-27", "range", 18, None, 27, ""),
        ("18 – 27", "range", 18, None, 27, ""),
        ("between 18 and 27", "range", 18, None, 27, ""),
        ("18 to 27", "range", 18, None, 27, ""),
        ("3,000–4,000", "range", 3000, None, 4000, ""),
        ("more than 50", "more-than", 50, None, None, ""),
        ("over 18 strikes", "more-than", 18, None, None, "strikes"),
        ("at least 50", "at-least", 50, None, None, ""),
        ("At least 50 people", "at-least", 50, None, None, "people"),
        ("no fewer than 7", "at-least", 7, None, None, ""),
        ("around 3,000", "approximately", None, 3000, None, ""),
        ("about 30", "approximately", None, 30, None, ""),
        ("c. 200", "approximately", None, 200, None, ""),
        ("about a dozen", "approximately", None, 12, None, ""),
        ("up to 20", "at-most", None, None, 20, ""),
        ("fewer than 10", "at-most", None, None, 10, ""),
        ("57", "exact", 57, 57, 57, ""),
        ("1,234", "exact", 1234, 1234, 1234, ""),
        ("twenty-five", "exact", 25, 25, 25, ""),
        ("four", "exact", 4, 4, 4, ""),
        ("None", "exact", 0, 0, 0, ""),
        ("57 on 13 January", "exact", 57, 57, 57, "on 13 January"),
        ("4 civilians on 22 January", "exact", 4, 4, 4, "civilians on 22 January"),
        ("36 (SOHR)", "exact", 36, 36, 36, "(SOHR)"),
        ("1.5 million", "exact", 1_500_000, 1_500_000, 1_500_000, ""),
        # An approximate range keeps both bounds; an approximate open figure is still open-ended.
        ("Approximately 100–200 killed", "approximately", 100, None, 200, "killed"),
        ("~277+", "at-least", 277, None, None, ""),
        ("2,000+", "at-least", 2000, None, None, ""),
        ("Up to 80", "at-most", None, None, 80, ""),
        # Bounds and round numbers in other words.
        ("upwards of 50 fighters", "more-than", 50, None, None, "fighters"),
        ("well over 100", "more-than", 100, None, None, ""),
        ("just over 30", "more-than", 30, None, None, ""),
        ("as many as 40", "at-most", None, None, 40, ""),
        ("just under 70", "at-most", None, None, 70, ""),
        ("not less than 5", "at-least", 5, None, None, ""),
        ("a total of 23 people", "exact", 23, 23, 23, "people"),
        ("two dozen fighters", "approximately", None, 24, None, "fighters"),
        ("half a dozen", "approximately", None, 6, None, ""),
        # Numbers in words with their scale, read whole.
        ("two hundred soldiers", "exact", 200, 200, 200, "soldiers"),
        ("A hundred and twenty people", "exact", 120, 120, 120, "people"),
        ("some three thousand", "approximately", None, 3000, None, ""),
        ("over a thousand families", "more-than", 1000, None, None, "families"),
        ("twenty-five thousand", "exact", 25000, 25000, 25000, ""),
        ("twenty to thirty", "range", 20, None, 30, ""),
    ],
)
def test_figures(text, qualifier, lo, best, hi, rest):
    fig = parse_figure(text)
    assert fig is not None
    assert (fig.qualifier, fig.min_value, fig.best_value, fig.max_value, fig.rest) == (qualifier, lo, best, hi, rest)
    assert fig.text == text  # kept as written


def test_figure_label_is_split_off():
    fig = parse_figure("Total – 61")
    assert (fig.label, fig.qualifier, fig.best_value, fig.text) == ("Total", "exact", 61, "Total – 61")


@pytest.mark.parametrize("text", ["", "   ", "'", ", ,", "unknown", "a family of four", "Syria", None, "2.5"])
def test_no_figure(text):
    assert parse_figure(text) is None


@pytest.mark.parametrize("text, rest", [("27–18", "–18"), ("2021-01-13", "-01-13")])
def test_what_is_not_a_figure_is_left_in_rest(text, rest):
    # A descending "range" or a date is not a figure: the caller sees the unread rest and flags it.
    assert parse_figure(text).rest == rest


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("6–7 December 2024", D(2024, 12, 6), D(2024, 12, 7), "day"),
        ("6–7 December 2024 (1 day)", D(2024, 12, 6), D(2024, 12, 7), "day"),
        ("6-7 December 2024", D(2024, 12, 6), D(2024, 12, 7), "day"),
        ("2021-01-13", D(2021, 1, 13), None, "day"),
        ("13 January 2021", D(2021, 1, 13), None, "day"),
        ("13th January 2021", D(2021, 1, 13), None, "day"),
        ("January 13, 2021", D(2021, 1, 13), None, "day"),
        ("13 Jan 2021", D(2021, 1, 13), None, "day"),
        ("20 November 2024", D(2024, 11, 20), None, "day"),
        ("30 November – 2 December 2024", D(2024, 11, 30), D(2024, 12, 2), "day"),
        ("28 December 2024 – 3 January 2025", D(2024, 12, 28), D(2025, 1, 3), "day"),
        ("2021-01-13 – 2021-01-15", D(2021, 1, 13), D(2021, 1, 15), "day"),
        ("December 2024", D(2024, 12, 1), None, "month"),
        ("2021-01", D(2021, 1, 1), None, "month"),
        ("March–April 2019", D(2019, 3, 1), D(2019, 4, 1), "month"),
        ("2024", D(2024, 1, 1), None, "year"),
        ("2019–2020", D(2019, 1, 1), D(2020, 1, 1), "year"),
        ("7–7 December 2024", D(2024, 12, 7), None, "day"),
        # The American order of a range, and times of day inside a range.
        ("February 7–8, 2018", D(2018, 2, 7), D(2018, 2, 8), "day"),
        ("February 28 – March 2, 2018", D(2018, 2, 28), D(2018, 3, 2), "day"),
        ("7 February 2018, 22:00 – 8 February 2018, 03:00", D(2018, 2, 7), D(2018, 2, 8), "day"),
    ],
)
def test_dates(text, start, end, precision):
    span = parse_date(text)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert not span.open_end


def test_open_ended_date():
    span = parse_date("2023–present")
    assert (span.start, span.end, span.precision, span.open_end) == (D(2023, 1, 1), None, "year", True)


def test_hedged_date_is_flagged():
    span = parse_date("mid-December 2024")
    assert (span.start, span.precision, span.approximate) == (D(2024, 12, 1), "month", True)


def test_last_day_follows_precision():
    assert parse_date("February 2024").last_day() == D(2024, 2, 29)
    assert parse_date("2023").last_day() == D(2023, 12, 31)
    assert parse_date("6–7 December 2024").last_day() == D(2024, 12, 7)


@pytest.mark.parametrize(
    "text",
    ["", "|time-begin = |time-end =", "13 January", "Smarch 2020", "31 February 2021", "7–6 December 2024",
     "2021-13-01", "soon", "6 December – January 2025"],
)
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)
