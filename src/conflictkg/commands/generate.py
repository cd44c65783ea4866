"""`conflictkg generate`: a deterministic synthetic graph (or one submission for it) for benchmarks and tests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from conflictkg.core.errors import UserError


@click.command()
@click.option("--triples", "-n", "triples", metavar="N",
              help="Target size in triples: 10000, 100k, 1M, 10M. The result lands within one event of it.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed and size, same bytes.")
@click.option("--violations", metavar="SPEC",
              help="Seed violations: 'min-gt-max=3,missing-claimant=2', 'all=1' or a kind name. "
                   "Use --violations list to see the kinds.")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the JSON manifest of seeded violations (default: OUTPUT.manifest.json).")
@click.option("--format", "fmt", type=click.Choice(["nt", "ttl"]),
              help="Output syntax (default: from the file extension .nt/.ttl, optionally .gz; N-Triples on stdout).")
@click.option("--submission", type=int, metavar="INDEX",
              help="Instead of the graph, write submission INDEX: one new event (about 50-100 triples) that "
                   "references the nodes of the graph this --triples/--seed would generate.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Output file, or - for standard output.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary on stderr.")
def generate(triples: str, seed: int, violations: str | None, manifest: Path | None, fmt: str | None,
             submission: int | None, output: str, quiet: bool):
    """Write a synthetic conflict-kg graph of about N triples, streamed in bounded memory.

    Every IRI slug starts with `gen-`, so generated nodes cannot be confused with curated data.
    """
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.generate import synth

    if violations == "list":
        for kind, what in synth.VIOLATION_KINDS.items():
            click.echo(f"{kind:26} {what}")
        return
    if triples is None:
        raise UserError("--triples N is required (10000, 100k, 1M...)")
    target = synth.parse_size(triples)
    if submission is not None:
        if submission < 0:
            raise UserError("--submission must be 0 or more")
        _write_submission(target, seed, submission, violations, manifest, fmt, output)
        return
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.rdf.outputs import Progress, progress_wanted

    bar = Progress(target, "generate", progress_wanted(quiet) and target >= 50_000)
    try:
        result = synth.generate_graph(output, target, seed=seed, fmt=fmt, violations=violations, manifest=manifest,
                                      progress=bar)
    except BrokenPipeError:
        # The reader of standard output stopped early (`| head`): not an error of ours.
        _quiet_stdout()
        return
    finally:
        bar.close()
    if quiet:
        return
    where = "standard output" if output == "-" else output
    rate = result.triples / result.seconds if result.seconds else 0
    click.echo(f"wrote {result.triples:,} triples ({result.events:,} events, {result.claims:,} claims) to {where} "
               f"in {result.seconds:.1f} s ({rate:,.0f} triples/s)", err=True)
    if result.manifest["violations"]:
        target_manifest = manifest or (None if output == "-" else f"{output}.manifest.json")
        note = f"; manifest: {target_manifest}" if target_manifest else " (give --manifest to keep the list)"
        click.echo(f"seeded {len(result.manifest['violations'])} violations{note}", err=True)


def _quiet_stdout() -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _write_submission(target, seed, index, violations, manifest, fmt, output) -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import json

    from conflictkg.core.atomic import atomic_write_text

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.generate import synth

    if fmt is None:
        fmt = "ttl" if output == "-" else synth._format_for(output, None)[0]
    if output != "-" and output.endswith(".gz"):
        raise UserError(f"{output}: a submission is small; write it uncompressed (.ttl or .nt)")
    sub = synth.generate_submission(target, seed, index, fmt=fmt, violations=violations)
    if output == "-":
        sys.stdout.write(sub.text)
        sys.stdout.flush()
    else:
        atomic_write_text(Path(output), sub.text)
    if manifest or (violations and output != "-"):
        atomic_write_text(Path(manifest or f"{output}.manifest.json"),
                          json.dumps({**sub.manifest, "added": sub.added, "references": sub.references},
                                     indent=2) + "\n")
    click.echo(f"wrote submission {index}: {sub.triples} triples, {len(sub.added)} new nodes, "
               f"{len(sub.references)} references to the generated graph", err=True)
