"""The `conflictkg` command. It only parses arguments and prints; the work is in importable modules.

Subcommands live in `conflictkg.commands.<name>` and are imported only when used, so
`conflictkg --help` and quick commands do not pay for rdflib, pySHACL or the store.
"""

from __future__ import annotations

import importlib
import sys

import click

from conflictkg import __version__
from conflictkg.core.errors import EXIT_USAGE, UserError

# name -> "module:attribute". Add a line here to register a command.
COMMANDS: dict[str, str] = {
    "build": "conflictkg.commands.build:build",
    "daemon": "conflictkg.commands.daemon:daemon",
    "diagram": "conflictkg.commands.diagram:diagram",
    "draft": "conflictkg.commands.draft:draft",
    "export": "conflictkg.commands.export:export",
    "facts": "conflictkg.commands.facts:facts",
    "fmt": "conflictkg.commands.fmt:fmt",
    "generate": "conflictkg.commands.generate:generate",
    "new": "conflictkg.commands.new:new",
    "plot": "conflictkg.commands.plot:plot",
    "push": "conflictkg.commands.push:push",
    "queries": "conflictkg.commands.queries:queries",
    "query": "conflictkg.commands.query:query",
    "reason": "conflictkg.commands.reason:reason",
    "serve": "conflictkg.commands.serve:serve",
    "submit": "conflictkg.commands.submit:submit",
    "validate": "conflictkg.commands.validate:validate",
}


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line, like every other error of the command:
    `conflictkg: error: query: invalid value for '--format': ... (see conflictkg query --help)`."""

    def __init__(self, original: click.UsageError):
        super().__init__(original.format_message(), original.ctx)
        self.exit_code = original.exit_code

    def format_message(self) -> str:
        message = " ".join(self.message.split()).rstrip(".")
        if message[:1].isupper() and not message[1:2].isupper():
            message = message[:1].lower() + message[1:]
        names = []
        ctx = self.ctx
        while ctx is not None and ctx.parent is not None:
            names.append(ctx.info_name)
            ctx = ctx.parent
        sub = " ".join(reversed(names))
        where = f"{sub}: " if sub else ""
        return f"{where}{message} (see conflictkg{' ' + sub if sub else ''} --help)"

    def show(self, file=None) -> None:
        click.echo(f"conflictkg: error: {self.format_message()}", err=True, file=file)


def _one_line(exc: click.UsageError) -> click.UsageError:
    # A group run without its subcommand shows its help, as click does.
    if isinstance(exc, OneLineUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    return OneLineUsageError(exc)


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name and name not in COMMANDS and not name.startswith("-"):
            # Only to suggest a command for a misspelled one.
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise click.UsageError(f"no such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except UserError as exc:
            click.echo(f"conflictkg: error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("conflictkg: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conflictkg")
def main():
    """conflict-kg: a knowledge graph of armed-conflict events where every contested fact is a
    sourced claim.

    Exit codes: 0 success, 1 violations or failed checks, 2 usage, parse or load errors, 3 the file
    system refused a write (nothing written).
    """


def run(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code (for tests and embedding)."""
    try:
        # Without standalone mode, click returns the code given to ctx.exit() instead of raising.
        result = main.main(args=argv, prog_name="conflictkg", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except click.exceptions.Abort:
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
