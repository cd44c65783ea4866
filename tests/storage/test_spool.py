"""The spool on disk regroups triples by provenance graph (`Spool.assign` / `assigned`) as a second
spool sorted by graph would, and reads one property by subject (`objects_by_subject`)."""

from __future__ import annotations

from conflictkg.storage.spool import Spool

A, B = "<https://example.org/file/a>", "<https://example.org/file/b>"
S1, S2, S3 = "<https://example.org/s1>", "<https://example.org/s1-x>", "<https://example.org/s2>"
P, Q = "<https://example.org/p>", "<https://example.org/q>"


def _by_graph(quads):
    with Spool(by_graph=True) as spool:
        spool.add_quads(quads)
        return [(g, list(spool.subjects(g))) for g in spool.graphs()]


def test_assigned_is_a_spool_by_graph_of_the_same_quads():
    lines = {
        A: [f'{S2} {Q} "b" .', f"{S1} {P} <https://example.org/o> .", f'{S1} {Q} "a" .', f'{S3} {P} "x" .'],
        B: [f'{S1} {Q} "a" .', f'{S1} {P} "z" .', f'{S3} {Q} "y" .', f'{S3} {Q} "y" .'],
    }
    # S1 goes to graph G1 from both files (its shared triple written once), S3 to G2 from A and to
    # G1 from B, S2 to G2.
    names = {(S1, A): "<g1>", (S1, B): "<g1>", (S3, A): "<g2>", (S3, B): "<g1>", (S2, A): "<g2>"}
    with Spool() as spool:
        for g, ls in lines.items():
            spool.add(g, ls)
        spool.assign((names[(s, g)], s, g) for s, rows in spool.lines_by_subject() for g in {g for _, _, g in rows})
        got: dict[str, list] = {}
        for name, s, rests in spool.assigned():
            got.setdefault(name, []).append((s, rests))
    expected = _by_graph((names[(line.split(" ")[0], g)], *line[:-2].split(" ", 2))
                         for g, ls in lines.items() for line in ls)
    assert list(got.items()) == expected
    assert got["<g1>"][0] == (S1, [f"{P} \"z\"", f"{P} <https://example.org/o>", f'{Q} "a"'])


def test_objects_by_subject_reads_one_property_in_subject_order():
    with Spool() as spool:
        spool.add(A, [f"{S3} {P} <https://example.org/e1> .", f"{S1} {Q} <https://example.org/e9> .",
                      f"{S1} {P} <https://example.org/e2> .", f"{S1} {P} <https://example.org/e1> ."])
        spool.add(B, [f"{S1} {P} <https://example.org/e2> ."])
        got = [(s, sorted(objects)) for s, objects in spool.objects_by_subject(P)]
    assert got == [(S1, ["<https://example.org/e1>", "<https://example.org/e2>"]), (S3, ["<https://example.org/e1>"])]
