"""`conflictkg fmt`: in-process and end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conflictkg.cli import run

MESSY = """@prefix ex: <https://example.org/> .
ex:b ex:p "x", "a" . ex:a a ex:C .
"""


def test_check_passes_on_curated_data(project):
    assert run(["fmt", "--check", *map(str, project.data_files())]) == 0


def test_check_fails_then_fmt_fixes(tmp_path, capsys):
    f = tmp_path / "messy.ttl"
    f.write_text(MESSY)
    assert run(["fmt", "--check", str(f)]) == 1
    assert "not in canonical form" in capsys.readouterr().err
    assert f.read_text() == MESSY, "--check must not write"
    assert run(["fmt", str(f)]) == 0
    text = f.read_text()
    assert text.index("ex:a") < text.index("ex:b")
    assert run(["fmt", "--check", str(f)]) == 0


def test_parse_error_names_file_and_line(tmp_path, capsys):
    f = tmp_path / "broken.ttl"
    f.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:p ex:b\nex:c ex:d ex:e .\n")
    assert run(["fmt", str(f)]) == 2
    err = capsys.readouterr().err
    assert "broken.ttl:" in err and "cannot parse Turtle" in err
    assert "Traceback" not in err
    assert f.read_text().startswith("@prefix"), "nothing written on error"


def test_unknown_command_suggests(capsys):
    assert run(["fmtt"]) == 2
    assert "fmt" in capsys.readouterr().err


def test_end_to_end_entry_point(tmp_path):
    exe = Path(sys.executable).with_name("conflictkg")
    f = tmp_path / "messy.ttl"
    f.write_text(MESSY)
    proc = subprocess.run([str(exe), "fmt", "--check", str(f)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def test_blank_nodes_get_stable_labels(project):
    from conflictkg.rdf.rdfio import canonical_turtle, parse_turtle_file

    path = project.ontology_dir / "conflict-kg.ttl"  # has a top-level blank node (owl:AllDisjointClasses)
    first = canonical_turtle(parse_turtle_file(path))
    assert canonical_turtle(parse_turtle_file(path)) == first
    assert "_:c14n" in first


def test_keeps_the_files_own_prefixes(tmp_path):
    f = tmp_path / "own.ttl"
    f.write_text(MESSY)
    assert run(["fmt", str(f)]) == 0
    assert f.read_text().startswith("@prefix ex: <https://example.org/> .")
