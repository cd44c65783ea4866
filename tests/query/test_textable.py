"""`conflictkg.query.textable`: tables that fit a width without breaking a word."""

from rich.cells import cell_len

from conflictkg.query.textable import draw, fit, pick, shorten_name, shorten_url, truncate


def test_truncate_cuts_after_the_last_whole_word():
    assert truncate("Iranian-backed Syrian militiamen", 20) == "Iranian-backed…"
    assert truncate("officers working for Hezbollah in Lebanon", 23) == "officers working for…"
    assert truncate("short", 10) == "short"
    assert truncate("more than 108", 13) == "more than 108"


def test_truncate_cuts_a_word_only_when_nothing_else_fits():
    assert truncate("Supercalifragilistic", 8) == "Superca…"
    assert cell_len(truncate("ناحية تدمر في محافظة حمص", 10)) <= 10


def test_a_name_keeps_its_prefix_and_its_distinctive_end():
    assert shorten_name("claim:2024-palmyra-airstrike-sohr-killed-lead", 30) == "claim:…sohr-killed-lead"
    short = shorten_name("claim:2024-palmyra-airstrike-sohr-killed-lead", 30)
    assert short.startswith("claim:…") and "claim:2024-palmyra-airstrike-sohr-killed-lead".endswith(short[7:])
    assert cell_len(short) <= 30


def test_urls_lose_their_scheme_then_their_middle():
    url = "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes"
    assert shorten_url(url, None) == "en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes"
    assert shorten_url(url, 30) == "en.wikipedia.org/…#Airstrikes"
    assert shorten_url(url, 14) == "…#Airstrikes"
    assert shorten_url("not a url", 3) == "not a url"


def test_a_label_too_long_gives_way_to_a_shorter_name():
    names = ("Syrian Observatory for Human Rights", "SOHR")
    assert pick(names, 40) == names[0]
    assert pick(names, 10) == "SOHR"
    assert pick(names, 3) == "Sy…"


def test_fit_leaves_out_empty_columns_and_those_that_cannot_be_read_from_the_right():
    headers = ["a", "b", "empty", "c"]
    rows = [["x" * 30, "y" * 30, "", "z" * 30]] * 3
    layout = fit(headers, rows, 40)
    assert [headers[i] for i in layout.shown] == ["a", "b"]
    assert layout.empty == [2] and [headers[i] for i in layout.hidden] == ["empty", "c"]
    assert sum(layout.widths) + 3 * len(layout.widths) + 1 <= 40
    assert fit(headers, rows, None).widths == [30, 30, 5, 30]


def test_draw_fits_the_width_and_names_what_it_left_out():
    text, left_out = draw(["claimant", "note", "blank"], [[("Syrian Observatory for Human Rights", "SOHR"),
                                                           "a long note about nothing much at all", ""]], 40)
    assert all(cell_len(line) <= 40 for line in text.splitlines())
    assert "SOHR" in text or "Syrian Observatory" in text
    assert left_out == ["blank (empty)"]
