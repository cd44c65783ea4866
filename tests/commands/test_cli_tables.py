"""Tables that answer in names and fit the terminal; label columns in CSV, TSV and JSON.
In process (`conflictkg.cli.run`) and end to end (the installed `conflictkg`)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.cells import cell_len

from conflictkg.cli import run

from conftest import ROOT, run_cli

PALMYRA = ["casualty-claims", "--param", "event=2024-palmyra-airstrike"]
HEADERS = ["claimant", "measure", "figure", "min", "best", "max", "stance", "counts", "partOf", "date", "section", "claim"]


def out_err(capsys):
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out, captured.err


def full_texts(capsys) -> list[str]:
    """Every whole text a cell of the Palmyra table may show: literals, labels and other names,
    prefixed names, URLs with and without their scheme."""
    assert run(["query", *PALMYRA, "--format", "csv", "--labels"]) == 0
    rows = list(csv.reader(io.StringIO(out_err(capsys)[0])))
    texts = {cell for row in rows[1:] for cell in row}
    texts |= {t.split("://", 1)[1] for t in texts if "://" in t}
    texts |= {"SOHR", "actor:sohr", "claim:2024-palmyra-airstrike-sohr-killed-lead"}
    return sorted(texts)


def table_cells(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    header = [c.strip() for c in lines[1].strip("┃").split("┃")]
    rows = [[c.strip() for c in line.strip("│").split("│")] for line in lines[3:-1]]
    return header, rows


def whole_words(shown: str, texts: list[str]) -> bool:
    """`shown` is a whole text, or a start of one cut after a word, or prefix…end of one cut
    before a word."""
    if shown in texts or shown == "":
        return True
    if shown.endswith("…") and "…" not in shown[:-1]:
        start = shown[:-1]
        return any(t.startswith(start) and (not t[len(start)].isalnum() or not start[-1].isalnum())
                   for t in texts if len(t) > len(start))
    head, _, tail = shown.partition("…")
    return any(t.startswith(head) and t.endswith(tail) and not t[len(t) - len(tail) - 1].isalnum()
               for t in texts if len(t) > len(head) + len(tail))


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_table_fits_the_terminal_without_breaking_a_word(cli_env, capsys, monkeypatch, columns):
    texts = full_texts(capsys)
    monkeypatch.setenv("COLUMNS", str(columns))
    assert run(["query", *PALMYRA, "--format", "table"]) == 0
    out, err = out_err(capsys)
    assert all(cell_len(line) <= columns for line in out.splitlines())
    header, rows = table_cells(out)
    assert len(rows) == 13 and all(len(r) == len(header) for r in rows)
    # Every column is shown or named as left out, in the query's order.
    left_out = []
    if "left out" in err:
        note = err.split("characters: ", 1)[1].split(" (choose with", 1)[0]
        left_out = [name.removesuffix(" (empty)") for name in note.split(", ")]
    assert header + left_out == [h for h in HEADERS if h in header + left_out] and sorted(header + left_out) == sorted(HEADERS)
    assert "date" in left_out and "date (empty)" in err  # no claim of this event is dated
    for row in rows:
        for cell in row:
            assert whole_words(cell, texts), cell
    assert rows[0][0] in ("SOHR", "Syrian Observatory for Human Rights")  # names, not IRIs
    assert "actor:" not in out and "measure:" not in out
    assert header[:7] == HEADERS[:7]  # the telling columns first, even at 80
    if columns >= 100:
        assert "counts" in header


def test_wide_shows_every_column_whole(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert run(["query", *PALMYRA, "--format", "table", "--wide"]) == 0
    out, err = out_err(capsys)
    header, rows = table_cells(out)
    assert header == HEADERS and "left out" not in err
    assert rows[0][0] == "Syrian Observatory for Human Rights"
    assert "https://en.wikipedia.org/wiki/2024_Palmyra_airstrike#Airstrikes" in out


def test_no_labels_shows_short_iris(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["query", *PALMYRA, "--format", "table", "--no-labels", "--columns", "claimant,measure,claim"]) == 0
    header, rows = table_cells(out_err(capsys)[0])
    assert header == ["claimant", "measure", "claim"]
    assert rows[0] == ["actor:sohr", "measure:killed", "claim:2024-palmyra-airstrike-sohr-killed-airstrikes"]


def test_columns_choose_and_order_in_every_format(cli_env, capsys):
    assert run(["query", *PALMYRA, "--format", "csv", "--columns", "figure,claimant"]) == 0
    lines = out_err(capsys)[0].splitlines()
    assert lines[0] == "figure,claimant" and lines[1] == "more than 108,https://w3id.org/conflict-kg/id/actor/sohr"
    assert run(["query", *PALMYRA, "--columns", "claimant,figur"]) == 2
    assert "the result has no column 'figur'. Did you mean figure?" in out_err(capsys)[1]


def test_labels_add_a_label_column_beside_each_iri_column(cli_env, capsys):
    assert run(["query", *PALMYRA, "--format", "csv", "--labels"]) == 0
    rows = list(csv.reader(io.StringIO(out_err(capsys)[0])))
    assert rows[0] == ["claimant", "claimantLabel", "measure", "measureLabel", "figure", "min", "best", "max",
                       "stance", "stanceLabel", "counts", "partOf", "date", "section", "claim", "claimLabel"]
    assert rows[1][:4] == ["https://w3id.org/conflict-kg/id/actor/sohr", "Syrian Observatory for Human Rights",
                           "https://w3id.org/conflict-kg/vocab/measure/killed", "killed"]
    assert rows[1][rows[0].index("claimLabel")] == ""  # claims have no label
    # Off by default outside tables: the W3C formats stay as the query wrote them.
    assert run(["query", *PALMYRA, "--format", "csv"]) == 0
    assert out_err(capsys)[0].splitlines()[0] == ",".join(HEADERS)


def test_labels_in_json_and_tsv(cli_env, capsys):
    assert run(["query", *PALMYRA, "--format", "json", "--labels", "--columns", "claimant,stance"]) == 0
    doc = json.loads(out_err(capsys)[0])
    assert doc["head"]["vars"] == ["claimant", "claimantLabel", "stance", "stanceLabel"]
    assert doc["results"]["bindings"][0]["stanceLabel"] == {"type": "literal", "value": "asserts"}
    assert run(["query", *PALMYRA, "--format", "tsv", "--labels", "--columns", "measure"]) == 0
    lines = out_err(capsys)[0].splitlines()
    assert lines[:2] == ["?measure\t?measureLabel", '<https://w3id.org/conflict-kg/vocab/measure/killed>\t"killed"']


def test_labels_for_a_graph_result_is_an_error(cli_env, capsys):
    assert run(["query", "event-graph", "-p", "event=2024-palmyra-airstrike", "--labels"]) == 2
    assert "--labels names the IRIs of SELECT results" in out_err(capsys)[1]


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_the_table_fits_end_to_end(cli_env, columns):
    code, out, err = run_cli("query", *PALMYRA, "--format", "table", env_root=cli_env.root,
                             extra_env={"COLUMNS": str(columns)})
    assert code == 0 and "Traceback" not in err
    assert all(cell_len(line) <= columns for line in out.splitlines())
    assert "SOHR" in out and "actor:sohr" not in out


def test_labels_in_csv_end_to_end(cli_env):
    code, out, err = run_cli("query", *PALMYRA, "--labels", env_root=cli_env.root)
    assert code == 0
    assert out.splitlines()[0].startswith("claimant,claimantLabel,measure,measureLabel,")


def test_the_readme_example_is_what_the_command_prints(cli_env, capsys, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ conflictkg query casualty-claims --param event=2024-palmyra-airstrike\n", 1)[1]
    block = block.split("```", 1)[0]
    monkeypatch.setenv("COLUMNS", "100")
    assert run(["query", *PALMYRA, "--format", "table"]) == 0
    out, err = out_err(capsys)
    assert block == out + err + "13 rows\n"  # the row count is printed on a terminal only


# --------------------------------------------------------------------------------------------
# One claims table for query and export
# --------------------------------------------------------------------------------------------


def test_the_claims_table_of_query_and_export_end_to_end(cli_env):
    """`conflictkg query claims --format csv --labels` and `conflictkg export --table claims` (as CSV
    on standard output) give the same bytes on the project's graph: one table, one row per claim."""
    code, queried, err = run_cli("query", "claims", "--format", "csv", "--labels", env_root=cli_env.root)
    assert code == 0 and err == ""
    code, exported, err = run_cli("export", "--table", "claims", "--format", "csv", env_root=cli_env.root)
    assert code == 0 and err == ""
    assert exported == queried
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][:5] == ["claim_id", "event_id", "event_label", "claimant_id", "claimant"]
    assert len(rows) - 1 == len({r[0] for r in rows[1:]}) > 50
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    sohr = by_id["2024-palmyra-airstrike-sohr-killed-lead"]
    assert (sohr["claimant"], sohr["measure"], sohr["figure_text"], sohr["min"]) == (
        "Syrian Observatory for Human Rights", "killed", "at least 108", "108")
