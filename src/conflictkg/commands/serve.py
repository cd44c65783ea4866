"""`conflictkg serve`: a SPARQL endpoint, linked-data pages, submissions over HTTP and a browser UI."""

from __future__ import annotations

import click

from conflictkg.core.errors import UserError
from conflictkg.core.paths import find_project


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="CONFLICTKG_HOST",
              help="Address to listen on. The default is reachable from this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, envvar="CONFLICTKG_PORT",
              help="Port to listen on (0: any free port; the address is printed).")
@click.option("--timeout", type=float, default=30.0, show_default=True, envvar="CONFLICTKG_QUERY_TIMEOUT",
              help="Stop a query after this many seconds (503).")
@click.option("--result-limit", type=int, default=10_000, show_default=True, envvar="CONFLICTKG_RESULT_LIMIT",
              help="Most rows (or triples) a query returns; longer results are cut and say so.")
@click.option("--max-request-size", type=int, default=2 * 1024 * 1024, show_default=True, metavar="BYTES",
              envvar="CONFLICTKG_MAX_REQUEST_SIZE", help="Largest request body accepted (413).")
@click.option("--base-url", default=None, envvar="CONFLICTKG_BASE_URL",
              help="The public URL the server is reached at, if it is behind a proxy.")
@click.option("--workers", type=int, default=2, show_default=True, envvar="CONFLICTKG_WORKERS",
              help="Query worker processes in each of the two pools (ad hoc SPARQL; pages and stored queries).")
@click.option("--memory-limit", type=int, default=2048, show_default=True, metavar="MB",
              help="Memory of each query worker.")
@click.option("--max-result-size", type=int, default=None, metavar="BYTES", envvar="CONFLICTKG_MAX_RESULT_SIZE",
              help="Largest answer a query gives (400 past it)  [default: half of --memory-limit]")
@click.option("--refresh", type=float, default=2.0, show_default=True, metavar="SECONDS",
              help="How often to check data/ for changes and rebuild the store (0: only after submissions).")
@click.option("--validations", type=int, default=2, show_default=True, envvar="CONFLICTKG_VALIDATIONS",
              help="Submissions validated at once; a write waiting for one goes before anonymous dry runs.")
@click.option("--validation-timeout", type=float, default=60.0, show_default=True, metavar="SECONDS",
              envvar="CONFLICTKG_VALIDATION_TIMEOUT", help="Time budget of a validation with the write token.")
@click.option("--anonymous-timeout", type=float, default=10.0, show_default=True, metavar="SECONDS",
              envvar="CONFLICTKG_ANONYMOUS_TIMEOUT", help="Time budget of a validation without the write token.")
@click.option("--anonymous-max-request-size", type=int, default=256 * 1024, show_default=True, metavar="BYTES",
              envvar="CONFLICTKG_ANONYMOUS_MAX_REQUEST_SIZE", help="Largest submission validated without the token (413).")
@click.option("--anonymous-per-client", type=int, default=1, show_default=True, metavar="N",
              envvar="CONFLICTKG_ANONYMOUS_PER_CLIENT", help="Validations without the token in progress per address (429).")
@click.option("--validation-queue", type=int, default=8, show_default=True, metavar="N",
              envvar="CONFLICTKG_VALIDATION_QUEUE", help="Validations without the token that may wait for a slot (503).")
@click.option("--validation-wait", type=float, default=30.0, show_default=True, metavar="SECONDS",
              envvar="CONFLICTKG_VALIDATION_WAIT", help="Longest wait for a validation slot (then 503).")
@click.option("--header-timeout", type=float, default=10.0, show_default=True, metavar="SECONDS",
              envvar="CONFLICTKG_HEADER_TIMEOUT", help="Time a request's headers may take to arrive (then 408, closed).")
@click.option("--body-timeout", type=float, default=60.0, show_default=True, metavar="SECONDS",
              envvar="CONFLICTKG_BODY_TIMEOUT", help="Time a request's body may take after its headers (then 408, closed).")
@click.option("--max-connections", type=int, default=512, show_default=True, metavar="N",
              envvar="CONFLICTKG_MAX_CONNECTIONS", help="Open connections at most; more are answered 503 as they connect.")
@click.option("--reason", is_flag=True, help="Serve the graph with its OWL RL entailments.")
@click.option("--access-log", is_flag=True, help="Log every request.")
def serve(host, port, timeout, result_limit, max_request_size, base_url, workers, memory_limit, max_result_size,
          refresh, validations, validation_timeout, anonymous_timeout, anonymous_max_request_size, anonymous_per_client,
          validation_queue, validation_wait, header_timeout, body_timeout, max_connections, reason, access_log):
    """Serve the graph over HTTP: a read-only SPARQL 1.1 endpoint at /sparql, stored queries at
    /api/queries, every IRI as a page or as RDF (/id/..., /ontology, /vocab/...), submissions at
    /api/submissions and /submit, and pages for events, actors, places and sources.

    Writes (accepted submissions) are enabled only when $CONFLICTKG_WRITE_TOKEN is set; a request
    must then carry it as `Authorization: Bearer <token>`. See docs/serving.md.
    """
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import socket

    from conflictkg.server.state import Settings, token_from_env

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.storage import store

    settings = Settings(host=host, port=port, timeout=timeout, result_limit=result_limit,
                        max_request_bytes=max_request_size, base_url=base_url, workers=workers,
                        memory_mb=memory_limit, max_result_bytes=max_result_size, refresh=refresh, reason=reason,
                        write_token=token_from_env(),
                        validations=validations, validation_timeout=validation_timeout,
                        anonymous_timeout=anonymous_timeout, anonymous_max_request_bytes=anonymous_max_request_size,
                        anonymous_per_client=anonymous_per_client, validation_queue=validation_queue,
                        validation_wait=validation_wait, header_timeout=header_timeout, body_timeout=body_timeout,
                        max_connections=max_connections)
    project = find_project()
    store.ensure(project, reason=reason)  # build before listening, with a progress display
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, so that asyncio sets TCP_NODELAY on accepted connections (it checks the protocol).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    settings.port = sock.getsockname()[1]
    _run(project, settings, sock, access_log)


def _run(project, settings, sock, access_log: bool) -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import logging

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import uvicorn

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.server.app import create_app
    from conflictkg.server.protocol import protocol_class

    logging.basicConfig(level=logging.INFO, format="conflictkg serve: %(message)s")
    # A submitted "2024-13-45"^^xsd:date is reported by validation; rdflib's own traceback of it
    # would only fill the log.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    app = create_app(project, settings)
    _room_for_connections(settings.max_connections)
    # Our h11 protocol: uvicorn's, plus header and body timeouts and a connection cap (see
    # conflictkg.server.protocol for why uvicorn's own options do not suffice).
    http = protocol_class(settings.header_timeout, settings.body_timeout, settings.max_connections)
    config = uvicorn.Config(app, http=http, log_level="warning", access_log=access_log, lifespan="on",
                            timeout_graceful_shutdown=5, server_header=False)
    server = uvicorn.Server(config)
    writes = "enabled" if settings.writes_enabled else "disabled (set CONFLICTKG_WRITE_TOKEN to enable)"
    click.echo(f"conflictkg: serving {project.root} at http://{_display(settings.host)}:{settings.port}/ "
               f"(SPARQL at /sparql; writes {writes})", err=True)
    if settings.writes_enabled and settings.host not in ("127.0.0.1", "::1", "localhost"):
        click.echo("conflictkg: warning: writes are enabled on a non-loopback address: put the server behind "
                   "HTTPS so the token is not sent in the clear", err=True)
    server.run(sockets=[sock])


# Descriptors the server needs besides its connections: worker pipes, validation workers, files.
SPARE_DESCRIPTORS = 256


def _room_for_connections(max_connections: int) -> None:
    """Raise this process's open-file limit to what --max-connections needs, if the hard limit
    allows (a soft limit of 1024 is common); else say so, once."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import resource

    needed = max_connections + SPARE_DESCRIPTORS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
        if soft < needed:
            click.echo(f"conflictkg: warning: this process may open {soft} files; --max-connections {max_connections} "
                       f"needs about {needed} (raise `ulimit -n`, or lower --max-connections)", err=True)


def _display(host: str) -> str:
    return f"[{host}]" if ":" in host else host
