"""The ASGI application of `conflictkg serve` (Starlette): SPARQL protocol, stored queries, linked
data, submissions and the HTML pages. See docs/serving.md for what each route does.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib.metadata
import io
import logging
import re
import time
from collections import OrderedDict
from urllib.parse import parse_qsl

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from conflictkg.core.errors import StorageError, UserError
from conflictkg.core.paths import Project, file_stamp
from conflictkg.model.namespaces import BASE, PREFIXES
from conflictkg.publish.export import write_csv
from conflictkg.query import library, lookup
from conflictkg.query import sparql as engine
from conflictkg.query.sparqltext import UPDATE_KEYWORDS, bind_values, keywords, query_form
from conflictkg.server import browse, conneg, mapdata, ontodoc, pages, sentences, terms
from conflictkg.server import describe as descriptions  # `describe` is the CONSTRUCT below
from conflictkg.server.suggest import suggest as sentences_suggest
from conflictkg.server import submissions as sub
from conflictkg.server.admission import Busy, ValidationGate
from conflictkg.server.pool import PoolError, QueryPool
from conflictkg.server.state import Settings, StoreState, package_dir, refresher
from conflictkg.server.submissions import modules_available, remove_stale_folders
from conflictkg.storage.store import graph_iri
from conflictkg.submission.authors import check_author

log = logging.getLogger("conflictkg.serve")

# Status for each kind of query failure (see docs/serving.md).
POOL_STATUS = {
    "bad-query": 400,
    "refused": 403,
    "not-acceptable": 406,
    "timeout": 503,
    "busy": 503,
    "memory": 503,
    "killed": 503,  # a worker killed by someone else (a user, the OOM killer): not the query's fault
    "too-large": 400,  # the answer is over --max-result-size: a smaller question (LIMIT, fewer columns) gets one
    "unavailable": 501,
    "crashed": 500,
    "engine": 500,
}
SECURITY_HEADERS = [
    # Scripts only from our own files; styles inline too, for the SVG charts matplotlib writes.
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
# The look-ups behind a stored query's parameter check (every node of a namespace, for "did you mean"):
# trusted queries, not cut at the result limit of client queries.
LOOKUP_ROWS = 1_000_000
PAGE_ROWS = 100
VISIBLE_WAIT = 20.0  # seconds an accepted submission waits for the rebuild that makes it visible


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None, details: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.details = details or {}  # more fields of an /api/ error's JSON body


class ClientGone(Exception):
    """The client hung up before its request's body was read: nobody to answer. Handled by its own
    handler (not the one for Exception, which Starlette re-raises to the server to log): no
    traceback, no log line, and the half-read body is dropped with the request."""


class LRU:
    def __init__(self, size: int):
        self.size = size
        self.data: OrderedDict = OrderedDict()

    def get(self, key):
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        return None

    def put(self, key, value) -> None:
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.size:
            self.data.popitem(last=False)


class SecurityHeaders:
    """Pure ASGI middleware: the same security headers on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


# CORS on the read-only routes, so that a SPARQL client in a page of another origin (YASGUI) can use
# the endpoint, the stored queries and the linked data: `*` and no credentials, since nothing there
# depends on who asks. Never on /api/submissions or /submit: a page elsewhere must not drive writes.
CORS_READ_ONLY = re.compile(r"^/(sparql|api/queries(/[^/]*)?|id/.*|ontology|vocab(/.*)?)$")
CORS_ALLOW_HEADERS = b"Accept, Accept-Language, Content-Language, Content-Type, Cache-Control, X-Requested-With"
CORS_EXPOSE_HEADERS = b"Conflictkg-Truncated, Content-Location, Link, Retry-After, Vary"
CORS_MAX_AGE = b"86400"  # seconds a browser may keep a preflight's answer


class ReadOnlyCors:
    """Pure ASGI middleware: `Access-Control-Allow-Origin: *` on the read-only routes' answers (errors
    included, so that a script can read what was wrong), and the answer to their preflight (OPTIONS)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not CORS_READ_ONLY.match(scope["path"]):
            return await self.app(scope, receive, send)
        methods = b"GET, HEAD, POST, OPTIONS" if scope["path"] == "/sparql" else b"GET, HEAD, OPTIONS"
        if scope["method"] == "OPTIONS":
            headers = [(b"access-control-allow-origin", b"*"), (b"access-control-allow-methods", methods),
                       (b"access-control-allow-headers", CORS_ALLOW_HEADERS),
                       (b"access-control-max-age", CORS_MAX_AGE), (b"allow", methods)]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if not k.lower().startswith(b"access-control-")]
                headers += [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", CORS_EXPOSE_HEADERS)]
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_cors)


class Server:
    def __init__(self, project: Project, settings: Settings):
        self.project = project
        self.settings = settings
        self.state = StoreState(project, reason=settings.reason)
        self.pool = QueryPool(settings.workers, settings.memory_mb)  # pages, stored queries, charts
        self.adhoc = QueryPool(settings.workers, settings.memory_mb, niceness=10)  # SPARQL from anyone
        self.cache = LRU(512)
        self.charts: dict = {}
        self._ontology: tuple | None = None
        self._library: tuple | None = None
        self._library_checked = 0.0
        self.bound = LRU(4096)  # (query text, bindings) -> text with its VALUES block
        # Validations at once (each runs a sandboxed worker), writes admitted before anonymous dry runs.
        self.gate = ValidationGate(settings.validations, queue=settings.validation_queue, wait=settings.validation_wait,
                                   per_client=settings.anonymous_per_client)
        self.env = Environment(
            loader=FileSystemLoader(str(package_dir() / "templates")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["term"] = terms.render
        self.env.globals.update(link=terms.link, qname=terms.qname, local_path=terms.local_path,
                                is_web_url=terms.is_web_url, settings=settings)
        self._refresher: asyncio.Task | None = None

    # ---------------------------------------------------------------------------------------
    # Lifecycle
    # ---------------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app):
        removed = await asyncio.to_thread(remove_stale_folders, self.project)
        if removed:
            log.info("removed %d request folder(s) left in .conflictkg/tmp by a server that stopped mid-request", removed)
        await self.state.refresh()
        await asyncio.gather(self.pool.start(), self.adhoc.start())
        if self.settings.refresh > 0:
            self._refresher = asyncio.create_task(refresher(self.state, self.settings.refresh))
        try:
            yield
        finally:
            if self._refresher is not None:
                self._refresher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._refresher
            await asyncio.gather(self.pool.close(), self.adhoc.close())

    # ---------------------------------------------------------------------------------------
    # Running queries
    # ---------------------------------------------------------------------------------------

    async def run(self, request: dict, *, timeout: float | None = None, pool: QueryPool | None = None):
        timeout = timeout or self.settings.timeout
        pool = pool or self.pool
        for attempt in range(3):
            try:
                return await pool.run(dict(request, **self.state.request_fields()), timeout=timeout)
            except PoolError as exc:
                if exc.error == "stale" and attempt < 2:
                    await asyncio.sleep(0.05)  # a new build was published meanwhile: use it
                    continue
                raise
            except UserError as exc:
                raise HTTPError(503, exc.message) from None
        raise HTTPError(503, "the store keeps changing; try again")

    async def query(self, text: str, *, fmt: str, check: bool, max_rows: int | None = None):
        return await self.run({
            "op": "sparql", "query": text, "check": check, "fmt": fmt,
            "max_rows": max_rows or self.settings.result_limit,
            "max_bytes": self.settings.max_result_bytes,
        }, pool=self.adhoc if check else self.pool)

    async def rows(self, text: str, max_rows: int):
        """A trusted query for a page: (rows, truncated)."""
        try:
            answer = await self.query(text, fmt="json", check=False, max_rows=max_rows)
        except PoolError as exc:
            raise HTTPError(POOL_STATUS.get(exc.error, 500), exc.message) from None
        return terms.parse_results(answer.payload)[1], bool(answer.header.get("truncated"))

    async def chart(self, kind: str, event: str | None = None, events: list[str] | None = None) -> Markup | None:
        """An SVG chart from conflictkg.publish.charts, inlined; None if it cannot be drawn (and why is logged)."""
        key = (self.state.build_name, kind, event, tuple(events or ()))
        if key in self.charts:
            return self.charts[key]
        try:
            # Drawing loads matplotlib in the worker the first time: allow it more than a query.
            answer = await self.run({"op": "chart", "chart": kind, "event": event, "events": events},
                                    timeout=max(self.settings.timeout, 60.0))
            svg = answer.payload.decode("utf-8")
            svg = svg[svg.find("<svg"):] if "<svg" in svg else ""
            result = Markup(svg) if svg else None  # written by matplotlib, which escapes the data's text
        except PoolError as exc:
            if exc.error != "unavailable":
                log.warning("chart %s %s: %s", kind, event or "", exc.message)
            result = None
        if len(self.charts) > 256:
            self.charts.clear()
        self.charts[key] = result
        return result

    # ---------------------------------------------------------------------------------------
    # Helpers
    # ---------------------------------------------------------------------------------------

    def html(self, template: str, request: Request, status: int = 200, **context) -> Response:
        body = self.env.get_template(template).render(request_path=request.url.path, **context)
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})

    async def body(self, request: Request, limit: int | None = None, why: str = "this server's limit") -> bytes:
        limit = limit or self.settings.max_request_bytes
        too_large = f"the request body is larger than {limit} bytes, {why}"
        length = request.headers.get("content-length")
        if length is not None:
            try:
                if int(length) > limit:
                    raise HTTPError(413, too_large)
            except ValueError:
                raise HTTPError(400, "bad Content-Length") from None
        chunks, size = [], 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise HTTPError(413, too_large)
                chunks.append(chunk)
        except ClientDisconnect:
            raise ClientGone() from None
        return b"".join(chunks)

    def library(self):
        """The stored queries, re-read when a file in queries/ changes (looked at once a second)."""

        now = time.monotonic()
        if self._library is not None and now - self._library_checked < 1.0:
            return self._library[1]
        qdir = self.project.queries_dir
        stamp = tuple((p.name, file_stamp(p)) for p in sorted(qdir.glob("*.rq")))
        if self._library is None or self._library[0] != stamp:
            self._library = (stamp, library.library(self.project))
        self._library_checked = now
        return self._library[1]

    def ontology_doc(self):
        files = [p for p in self.project.ontology_files()]
        stamp = tuple((str(p), file_stamp(p)) for p in files)
        if self._ontology is None or self._ontology[0] != stamp:
            self._ontology = (stamp, ontodoc.build(files))
        return self._ontology[1]


def _wants_html(request: Request) -> bool:
    chosen = conneg.negotiate(request.headers.get("accept"), [("text/html", "html"), ("application/json", "json"),
                                                              ("text/plain", "text")])
    return chosen is not None and chosen[1] == "html" and "text/html" in (request.headers.get("accept") or "")


def _choose(request: Request, offers: list[tuple[str, str]]) -> tuple[str, str]:
    fmt = request.query_params.get("format")
    if fmt:
        chosen = conneg.by_name(fmt, offers)
        if chosen is None:
            names = sorted({f for _, f in offers})
            raise HTTPError(406, f"format={fmt[:30]} is not available here: use one of {', '.join(names)}")
        return chosen
    chosen = conneg.negotiate(request.headers.get("accept"), offers)
    if chosen is None:
        media = ", ".join(dict.fromkeys(m for m, _ in offers))
        raise HTTPError(406, f"none of the media types in Accept can be served here; available: {media}")
    return chosen


def _version() -> str:
    try:
        return importlib.metadata.version("conflict-kg")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _submission_author(request: Request) -> str:
    """Who submits over the API: `?author=`, else the `X-Conflictkg-Author` header, both read as
    UTF-8 (Starlette reads headers as Latin-1, which turns "Zoë" into "ZoÃ«") and checked by
    `conflictkg.submission.authors.check_author`; 400 naming the field otherwise."""

    try:
        query = request.scope.get("query_string", b"").decode("utf-8")
        params = [v for k, v in parse_qsl(query, keep_blank_values=True, errors="strict") if k == "author"]
    except UnicodeDecodeError:
        raise HTTPError(400, "?author=: not UTF-8; send the name percent-encoded as UTF-8") from None
    value, field = (params[-1], "?author=") if params and params[-1].strip() else (None, "X-Conflictkg-Author")
    if value is None:
        raw = [v for k, v in request.scope.get("headers", []) if k.lower() == b"x-conflictkg-author"]
        try:
            value = raw[-1].decode("utf-8") if raw else ""
        except UnicodeDecodeError:
            raise HTTPError(400, "X-Conflictkg-Author: the header is not UTF-8; send the name as UTF-8") from None
    if not value.strip():
        raise HTTPError(400, "say who submits: ?author=Name <email> (or an X-Conflictkg-Author header)")
    try:
        return check_author(value)
    except UserError as exc:
        raise HTTPError(400, f"{field}: {exc.message}") from None


def _form_author(value: str) -> str | UserError:
    """The form's author field checked as the API's, or the error to show next to it."""

    if not value.strip():
        return UserError("say who submits (name and e-mail)")
    try:
        return check_author(value)
    except UserError as exc:
        return exc


def _result_response(answer, media: str, limit: int) -> Response:
    headers = {"Vary": "Accept"}
    if answer.header.get("truncated"):
        headers["Conflictkg-Truncated"] = str(limit)
    return Response(answer.payload, media_type=conneg.content_type(media), headers=headers)


def _http_message(message: str) -> str:
    """CLI messages speak of options; over HTTP the parameters are query-string fields, and there
    is no way to allow SERVICE."""
    message = message.replace("--param ", "")
    return re.sub(r"; use --allow-service only for a query you trust$", "", message)


# --------------------------------------------------------------------------------------------
# The application
# --------------------------------------------------------------------------------------------


def create_app(project: Project, settings: Settings) -> Starlette:
    srv = Server(project, settings)

    base = settings.base_url or ""  # links are relative unless the public URL is configured

    # ---- SPARQL 1.1 Protocol ----------------------------------------------------------------

    async def sparql(request: Request) -> Response:
        params = list(request.query_params.multi_items())
        text = None
        if request.method == "POST":
            media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                raise HTTPError(415, "this endpoint is read-only: SPARQL updates are not accepted",
                                {"Accept-Post": "application/sparql-query, application/x-www-form-urlencoded"})
            raw = await srv.body(request)
            if not media and not raw:
                media = "application/x-www-form-urlencoded"  # an empty POST: no query, said below
            if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                raise HTTPError(415, "send the query as application/sparql-query or application/x-www-form-urlencoded",
                                {"Accept-Post": "application/sparql-query, application/x-www-form-urlencoded"})
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPError(400, "the request body is not UTF-8") from None
            if media == "application/sparql-query":
                text = decoded
            else:
                params += parse_qsl(decoded, keep_blank_values=True)
        names = [k for k, _ in params]
        if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
            raise HTTPError(403, "this endpoint is read-only: SPARQL updates are refused")
        if "default-graph-uri" in names or "named-graph-uri" in names:
            raise HTTPError(403, "refused: default-graph-uri / named-graph-uri would choose other graphs; "
                                 "queries run on the project's graph")
        queries = [v for k, v in params if k == "query"]
        if text is None:
            if not queries:
                if request.method == "GET" and _wants_html(request):
                    return RedirectResponse("/query", status_code=303)
                if request.method == "GET" and all(k == "format" for k, _ in params):
                    return await sparql_service_description(request)  # SPARQL 1.1 Service Description
                raise HTTPError(400, "no query: send ?query=... (GET), a form field query=... or an "
                                     "application/sparql-query body (POST)")
            if len(queries) > 1:
                raise HTTPError(400, "send one query per request")
            text = queries[0]
        elif queries:
            raise HTTPError(400, "send the query either as the body or as a query= field, not both")
        form = query_form(text)
        if form is None:
            updates = sorted(keywords(text) & UPDATE_KEYWORDS)
            if updates:
                raise HTTPError(403, f"this endpoint is read-only: refused SPARQL update ({', '.join(updates)})")
            raise HTTPError(400, "not a SPARQL query: it must be a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        media, fmt = _choose(request, conneg.RESULTS if form in ("select", "ask") else conneg.GRAPH)
        try:
            answer = await srv.query(text, fmt=fmt, check=True)
        except PoolError as exc:
            raise HTTPError(POOL_STATUS.get(exc.error, 500), _http_message(exc.message),
                            {"Retry-After": "1"} if exc.error in ("busy", "killed") else None) from None
        return _result_response(answer, media, settings.result_limit)

    # ---- Stored queries -----------------------------------------------------------------------

    def query_info(q) -> dict:
        return {**library.describe(q), "form": query_form(q.text), "url": f"{base}/api/queries/{q.name}", "sparql": q.text}

    async def api_queries(request: Request) -> Response:
        lib = await asyncio.to_thread(srv.library)
        return JSONResponse([query_info(q) for q in lib.values()])

    async def api_query(request: Request) -> Response:
        name = request.path_params["name"]
        if not _NAME.match(name):
            raise HTTPError(404, f"no stored query named '{name[:60]}'")
        lib = srv.library()
        stored = lib.get(name)
        if stored is None:
            raise HTTPError(404, f"no stored query named '{name[:60]}'; GET /api/queries lists them")
        values: dict[str, str] = {}
        for key, value in request.query_params.multi_items():
            if key == "format":
                continue
            if key in values:
                raise HTTPError(400, f"the parameter {key} is given twice")
            values[key] = value
        try:
            bindings = library.bind(stored.params, values, query_name=stored.name)
            prepared = engine.prepare_stored(stored)
            key = (prepared.text, tuple(sorted((k, str(v)) for k, v in bindings.items())))
            text = srv.bound.get(key)
            if text is None:
                text = bind_values(prepared.text, bindings)
                srv.bound.put(key, text)
        except UserError as exc:
            raise HTTPError(400, _http_message(exc.message)) from None
        media, fmt = _choose(request, conneg.RESULTS if prepared.form in ("select", "ask") else conneg.GRAPH)
        try:
            answer = await srv.query(text, fmt=fmt, check=False)
            if answer.header.get("kind") == "ask" or not answer.header.get("count"):
                # Nothing (or false): as `conflictkg query` does, an IRI parameter that names
                # nothing in the graph is the client's mistake, not an empty answer.
                await check_values(stored, bindings, values)
        except PoolError as exc:
            raise HTTPError(POOL_STATUS.get(exc.error, 500), exc.message) from None
        return _result_response(answer, media, settings.result_limit)

    async def check_values(stored, bindings: dict, values: dict[str, str]) -> None:
        """400 with the closest names when an IRI parameter names nothing (`lookup.param_problems`)."""
        if not any(p.kind == "iri" and p.var in bindings for p in stored.params):
            return
        loop = asyncio.get_running_loop()

        def run_on_graph(prepared):
            # The look-ups are trusted queries of their own, on the same workers as the stored query.
            future = asyncio.run_coroutine_threadsafe(
                srv.query(prepared.text, fmt="json", check=False, max_rows=LOOKUP_ROWS), loop)
            return engine.parse_result(future.result().payload, "select")

        problems = await asyncio.to_thread(lookup.param_problems, run_on_graph, stored.params, bindings, values)
        if problems:
            by_name = {p.name: p for p in stored.params}
            raise HTTPError(400, _http_message(" ".join(p.message for p in problems)),
                            details={"params": [p.as_dict(by_name[p.name]) for p in problems]})

    # ---- Linked data --------------------------------------------------------------------------

    describe = """CONSTRUCT { {{IRI}} ?p ?o . ?o ?p2 ?o2 } WHERE {
      {{IRI}} ?p ?o . OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } }"""
    describe_scheme = """CONSTRUCT { ?s ?p ?o } WHERE {
      { {{IRI}} ?p ?o BIND({{IRI}} AS ?s) } UNION { ?s skos:inScheme {{IRI}} ; ?p ?o } }"""

    async def rdf_response(query: str, fmt: str, media: str, *, missing: str, resource: str | None = None) -> Response:
        try:
            answer = await srv.run({
                "op": "sparql", "query": query, "check": False, "fmt": fmt, "resource": resource,
                "max_rows": max(settings.result_limit, 100_000), "max_bytes": settings.max_result_bytes,
            })
        except PoolError as exc:
            raise HTTPError(POOL_STATUS.get(exc.error, 500), exc.message) from None
        if not answer.header.get("count"):
            raise HTTPError(404, missing)
        return Response(answer.payload, media_type=conneg.content_type(media), headers={"Vary": "Accept"})

    def valid_iri(iri: str) -> str:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise HTTPError(404, "not an IRI of this graph") from None
        return iri

    async def cached(key, make):
        full = (srv.state.build_name,) + key
        hit = srv.cache.get(full)
        if hit is not None:
            return hit
        response = await make()
        if response.status_code == 200:
            srv.cache.put(full, response)
        return response

    def alternates(path: str, fmt: str) -> dict:
        """`Link` to the other representations (RFC 8288), and where this one lives."""
        links = [f'<{base}{path}>; rel="canonical"; type="text/html"'] + [
            f'<{base}{path}?format={name}>; rel="alternate"; type="{media}"'
            for name, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"))
        ]
        short = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld"}.get(fmt)
        return {"Link": ", ".join(links), "Content-Location": f"{base}{path}" + (f"?format={short}" if short else "")}

    async def with_links(make, path: str, fmt: str) -> Response:
        response = await make()
        response.headers.update(alternates(path, fmt))
        return response

    async def entity(request: Request) -> Response:
        iri = valid_iri(BASE + "id/" + request.path_params["rest"])
        media, fmt = _choose(request, conneg.PAGE)
        path = terms.local_path(iri) or request.url.path
        if fmt != "html":
            return await cached(("rdf", iri, fmt), lambda: with_links(lambda: rdf_response(
                pages.with_iri(describe, iri), fmt, media, missing=f"{terms.qname(iri)} is not in the graph",
                resource=iri), path, fmt))
        return await cached(("html", iri), lambda: with_links(lambda: entity_page(request, iri), path, fmt))

    async def entity_page(request: Request, iri: str) -> Response:
        res = await pages.resource(srv.rows, iri)
        if res is None:
            raise HTTPError(404, f"{terms.qname(iri)} is not in the graph")
        kind = iri[len(BASE + "id/"):].split("/", 1)[0]
        context = {"res": res, "labels": res.labels, "iri": iri, "kind": kind}
        if res.has_type("Event", "MilitaryEvent", "Strike", "Offensive", "Conflict"):
            ev = await pages.event_page(srv.rows, iri, res)
            chart = await srv.chart("claims", iri) if ev.claims else None
            return srv.html("event.html", request, ev=ev, chart=chart, **dict(context, labels=ev.labels))
        if kind == "claim" and res.has_type("Claim"):
            about = res.value("about")
            event, node = None, None
            if about is not None and about.is_iri:
                event_res = await pages.resource(srv.rows, about.value)
                if event_res is not None:
                    event = await pages.event_page(srv.rows, about.value, event_res)
                    node = next((c for c in event.claims if c.iri == iri), None)
            if node is not None:
                who = node.one("claimant")
                title = f"{event.labels.get(who.value, terms.qname(who.value)) if who else 'Unknown claimant'}: " \
                        f"{sentences.what_is_claimed(event.props(node), event.labels)}"
                sentence = sentences.sentence(event.props(node), event.labels, event.where(node))
            else:
                title, sentence = res.title, res.title
            return srv.html("claim.html", request, event=event, node=node, title=title, sentence=sentence, **context)
        if kind == "actor":
            parts, claims, claims_truncated, labels = await pages.actor_extra(srv.rows, iri, 500)
            return srv.html("actor.html", request, parts=parts, claims=claims, claims_truncated=claims_truncated,
                            **dict(context, labels={**res.labels, **labels}))
        if kind == "place":
            wkt, chain, events, truncated, labels = await pages.place_extra(srv.rows, iri, 500)
            return srv.html("place.html", request, wkt=wkt, chain=chain, events=events, events_truncated=truncated,
                            **dict(context, labels={**res.labels, **labels}))
        if kind == "source":
            cited, truncated, labels = await pages.source_extra(srv.rows, iri, 500)
            return srv.html("source.html", request, cited=cited, cited_truncated=truncated,
                            **dict(context, labels={**res.labels, **labels}))
        return srv.html("resource.html", request, **context)

    async def event_claims_csv(request: Request) -> Response:
        """The claims of one event as CSV, as its page's table shows them (with labels and quotes)."""
        slug = request.path_params["slug"]
        iri = valid_iri(BASE + "id/event/" + slug)

        async def make():
            res = await pages.resource(srv.rows, iri)
            if res is None or not res.has_type("Event", "MilitaryEvent", "Strike", "Offensive", "Conflict"):
                raise HTTPError(404, f"{terms.qname(iri)} is not an event of the graph")
            ev = await pages.event_page(srv.rows, iri, res)
            out = io.BytesIO()
            write_csv(pages.claims_csv_rows(ev), pages.CLAIMS_CSV_COLUMNS, out)
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{slug}-claims.csv"'})

        return await cached(("claims-csv", iri), make)

    async def ontology(request: Request) -> Response:
        media, fmt = _choose(request, conneg.PAGE)
        if fmt == "html":
            doc = await asyncio.to_thread(srv.ontology_doc)
            return srv.html("ontology.html", request, doc=doc, labels=doc.labels)
        return await graph_file_response("ontology/conflict-kg.ttl", fmt, media)

    async def graph_file_response(rel: str, fmt: str, media: str) -> Response:
        graph = graph_iri(project, project.root / rel)
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return await cached(("file", rel, fmt), lambda: rdf_response(query, fmt, media, missing=f"{rel} is not in the store"))

    async def vocab_index(request: Request) -> Response:
        media, fmt = _choose(request, conneg.PAGE)
        if fmt != "html":
            return await graph_file_response("ontology/vocabularies.ttl", fmt, media)

        async def make():
            rows = await pages.schemes(srv.rows)
            return srv.html("vocab_index.html", request, schemes=rows)

        return await cached(("vocab-index",), make)

    async def vocab(request: Request) -> Response:
        rest = request.path_params["rest"].strip("/")
        iri = valid_iri(BASE + "vocab/" + rest)
        media, fmt = _choose(request, conneg.PAGE)
        is_scheme = "/" not in rest
        if fmt != "html":
            query = pages.with_iri(describe_scheme if is_scheme else describe, iri)
            return await cached(("rdf", iri, fmt), lambda: rdf_response(
                query, fmt, media, missing=f"{terms.qname(iri)} is not in the vocabularies", resource=iri))

        async def make():
            res = await pages.resource(srv.rows, iri, incoming_limit=200)
            if res is None:
                raise HTTPError(404, f"{terms.qname(iri)} is not in the vocabularies")
            concepts = await pages.scheme_concepts(srv.rows, iri) if is_scheme else []
            return srv.html("resource.html", request, res=res, labels=res.labels, iri=iri, kind="vocab", concepts=concepts)

        return await cached(("html", iri), make)

    # ---- Pages --------------------------------------------------------------------------------

    async def filter_choices() -> dict:
        key = (srv.state.build_name, "filter-choices")
        hit = srv.cache.get(key)
        if hit is None:
            hit = await pages.filter_choices(srv.rows)
            srv.cache.put(key, hit)
        return hit

    async def contested_events() -> tuple[str, ...]:
        key = (srv.state.build_name, "contested-events")
        hit = srv.cache.get(key)
        if hit is None:
            rows, _ = await srv.rows(pages.PROLOGUE + browse.CONTESTED_EVENTS, 1_000_000)
            hit = tuple(sorted({r["event"].value for r in rows if r["event"].is_iri}))
            srv.cache.put(key, hit)
        return hit

    async def filters_of(request: Request) -> browse.Filters:
        choices = await filter_choices()
        try:
            filters = browse.Filters.parse(request.query_params, {k: {c.iri for c in v} for k, v in choices.items()})
        except browse.FilterError as exc:
            raise HTTPError(400, str(exc)) from None
        if filters.contested:
            filters = dataclasses.replace(filters, contested_events=await contested_events())
        return filters

    async def index(request: Request) -> Response:
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            raise HTTPError(400, "page: a page number, 1 or more") from None
        filters = await filters_of(request)

        async def make():
            (events, labels, more), total = await asyncio.gather(
                pages.events_index(srv.rows, limit=PAGE_ROWS, offset=(page - 1) * PAGE_ROWS, filters=filters),
                pages.count_events(srv.rows, filters))
            timeline = await srv.chart("timeline", events=[e.iri for e in events]) if events else None
            build = srv.state.current()
            return srv.html("index.html", request, events=events, labels=labels, more=more, page=page,
                            timeline=timeline, statements=build.statements, filters=filters, total=total,
                            choices=await filter_choices(), first=(page - 1) * PAGE_ROWS + 1)

        return await cached(("index", page, filters.query_string()), make)

    async def map_places() -> dict:
        key = (srv.state.build_name, "map-places")
        hit = srv.cache.get(key)
        if hit is None:
            rows, _ = await srv.rows(pages.PROLOGUE + mapdata.PLACES, 500_000)
            hit = mapdata.read_places(rows)
            srv.cache.put(key, hit)
        return hit

    async def api_map(request: Request) -> Response:
        """GeoJSON of the events the filters select (or of one event, ?event=slug), as the maps draw them."""
        slug = request.query_params.get("event")
        if slug:
            iri = slug if slug.startswith(BASE) else BASE + "id/event/" + slug
            try:
                ox.NamedNode(iri)
            except ValueError:
                raise HTTPError(400, f"event={slug[:60]}: not an event of this graph") from None
            matching = pages.one_event(iri)
            key = ("map", "event", iri)
        else:
            filters = await filters_of(request)
            matching = filters.matching(limit=pages.MAX_MAP_EVENTS)
            key = ("map", filters.query_string())

        async def make():
            data = await pages.map_events(srv.rows, matching, await map_places())
            if slug and not data["features"] and not data["unplaced"]:
                raise HTTPError(404, f"event={slug[:60]}: no such event in the graph")
            return JSONResponse(data)

        return await cached(key, make)

    async def query_page(request: Request) -> Response:
        lib = await asyncio.to_thread(srv.library)
        infos = [query_info(q) for q in lib.values()]
        for info, q in zip(infos, lib.values()):
            for p, param in zip(info["params"], q.params):
                p["prefix"] = param.prefix  # the picker offers the graph's nodes under it
        kinds = sorted({p["prefix"] for info in infos for p in info["params"] if p.get("prefix")})
        return srv.html("query.html", request, queries=infos, prefixes=PREFIXES, result_limit=settings.result_limit,
                        pickers=await picker_choices(kinds), terms=await ontology_terms())

    async def picker_choices(kinds: list[str]) -> dict[str, list[tuple[str, str]]]:
        """(slug, label) of the nodes under each prefix a stored query's parameter names (event, actor...)."""
        out = {}
        for kind in kinds:
            ns = PREFIXES.get(kind)
            if not ns or not ns.startswith(BASE + "id/"):
                continue
            key = (srv.state.build_name, "pickers", kind)
            hit = srv.cache.get(key)
            if hit is None:
                rows, _ = await srv.rows(pages.PROLOGUE + "SELECT ?node ?label WHERE { ?node rdfs:label ?label "
                                         f"FILTER(isIRI(?node) && STRSTARTS(STR(?node), {ox.Literal(ns)})) }}", 20_000)
                labels = pages.collect_labels(rows, [("node", "label")])
                hit = sorted(((iri[len(ns):], label) for iri, label in labels.items()), key=lambda kv: kv[1].lower())
                srv.cache.put(key, hit)
            out[kind] = hit
        return out

    async def ontology_terms() -> dict[str, list[str]]:
        """The classes and properties of the ontology (and the vocabularies it uses), for the editor's
        autocompletion: offline, instead of the Linked Open Vocabularies service YASGUI would ask."""
        key = (srv.state.build_name, "terms")
        hit = srv.cache.get(key)
        if hit is None:
            rows, _ = await srv.rows(pages.PROLOGUE + """PREFIX owl: <http://www.w3.org/2002/07/owl#>
              SELECT DISTINCT ?term ?kind WHERE {
                { ?term a owl:Class BIND("class" AS ?kind) } UNION { ?x a ?term BIND("class" AS ?kind) }
                UNION { ?term a ?pt VALUES ?pt { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> }
                        BIND("property" AS ?kind) }
                UNION { ?x ?term ?y BIND("property" AS ?kind) }
                FILTER(isIRI(?term)) }""", 20_000)
            hit = {"class": sorted({r["term"].value for r in rows if r["kind"].value == "class"}),
                   "property": sorted({r["term"].value for r in rows if r["kind"].value == "property"})}
            srv.cache.put(key, hit)
        return hit

    async def form_choices() -> dict:
        key = (srv.state.build_name, "form-choices")
        hit = srv.cache.get(key)
        if hit is not None:
            return hit
        q = pages.PROLOGUE + """SELECT ?kind ?node ?label ?docLabel WHERE {
          { ?node a ?c . VALUES (?c ?kind) { (ckg:Place "place") (ckg:Conflict "conflict") (ckg:Offensive "event") } }
          UNION { ?node a ?c . VALUES ?c { ckg:Strike ckg:Offensive ckg:MilitaryEvent ckg:Event } BIND("any_event" AS ?kind) }
          UNION { ?node a ckg:DocumentSection . BIND("section" AS ?kind) OPTIONAL { ?node ckg:sectionOf/rdfs:label ?docLabel } }
          UNION { ?node a ?c . ?c rdfs:subClassOf* ckg:Actor . BIND("actor" AS ?kind) }
          UNION { ?node skos:inScheme ?scheme . VALUES (?scheme ?kind) {
              (<https://w3id.org/conflict-kg/vocab/event-type> "event_type") (<https://w3id.org/conflict-kg/vocab/measure> "measure")
              (<https://w3id.org/conflict-kg/vocab/figure-qualifier> "qualifier") (<https://w3id.org/conflict-kg/vocab/stance> "stance")
              (<https://w3id.org/conflict-kg/vocab/role> "role") (<https://w3id.org/conflict-kg/vocab/precision> "precision") } }
          OPTIONAL { ?node rdfs:label|skos:prefLabel ?label }
        }"""
        rows, _ = await srv.rows(q, 200_000)
        choices: dict[str, dict[str, str]] = {}
        labels = pages.collect_labels(rows, [("node", "label")])
        documents = pages.collect_labels(rows, [("node", "docLabel")])
        for row in rows:
            node = row["node"].value
            label = labels.get(node) or terms.qname(node)
            if row["kind"].value == "section" and node in documents:
                label = f"{documents[node]} · {label}"  # "2024 Palmyra airstrike (Wikipedia) · Airstrikes"
            choices.setdefault(row["kind"].value, {})[node] = label
        out = {k: sorted(v.items(), key=lambda kv: kv[1].lower()) for k, v in choices.items()}
        out["part_of"] = sorted({**choices.get("conflict", {}), **choices.get("event", {})}.items(), key=lambda kv: kv[1].lower())
        srv.cache.put(key, out)
        return out

    async def submit_page(request: Request) -> Response:
        form = {}
        slug = request.query_params.get("event")
        if slug:  # "Add a claim to this event", from an event's page
            form = {"mode": "claim", "existing_event": "event:" + slug}
        return srv.html("submit.html", request, choices=await form_choices(), form=form, fields={}, general=[],
                        outcome=None, claim_rows=[0] if slug else [0, 1], part_rows=[0], available=modules_available())

    async def submit_form(request: Request) -> Response:
        """The form on /submit: validate (and merge, with the token) and show the report by the fields."""

        # The token is in the body, so the whole limit applies to reading it; what is validated
        # without the token is held to the anonymous limit below.
        raw = await srv.body(request)
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            raise HTTPError(415, "the form is sent as application/x-www-form-urlencoded")
        form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        doc = sub.form_to_turtle(form)
        wants_write = form.get("action") in ("submit", "force")  # force: "Submit anyway", after a duplicate warning
        outcome: dict = {"written": False}
        fields: dict[str, list[str]] = {k: list(v) for k, v in doc.field_errors.items()}
        general: list[str] = []
        status = 200
        if wants_write:
            denied = sub.check_token(settings.write_token, f"Bearer {form['token']}" if form.get("token") else None)
            if denied is not None:
                status = denied
                general.append("writes are disabled on this server" if not settings.write_token else
                               "enter the write token to submit" if denied == 401 else "the write token is wrong")
        author: str | None = None
        if wants_write and status == 200:
            # Checked before validation, so that its message shows with the report's, by its field.
            checked = _form_author(form.get("author", ""))
            if isinstance(checked, str):
                author = checked
            else:
                fields.setdefault("author", []).append(checked.message)
        report = None
        trusted = wants_write and status == 200  # the form's token was checked above
        if not trusted and len(raw) > settings.anonymous_max_request_bytes:
            raise HTTPError(413, f"the request body is larger than {settings.anonymous_max_request_bytes} bytes, "
                                 "the limit without the write token")
        if status == 200 and not doc.field_errors:
            async with _anonymous_client(request, trusted), srv.gate.slot(trusted=trusted):
                report = await validation(doc.turtle.encode("utf-8"), "turtle", "form.ttl", trusted)
                f2, g2 = sub.field_messages(report, doc)
                for k, v in f2.items():
                    fields.setdefault(k, []).extend(v)
                general += g2
                merged = None
                if not report.get("conforms"):
                    status = 422
                elif wants_write:
                    if author is None:
                        status = 422
                    else:
                        try:
                            merged = await merge(doc.turtle.encode("utf-8"), ".ttl", "form.ttl", author,
                                                 force=form.get("action") == "force")
                        except StorageError as exc:
                            outcome = {"written": False, "message": exc.message}
                            general.append(exc.message)
                            status = exc.http_status
            if merged is not None:
                await make_visible(merged)
                outcome = merged_json(merged)
                if not merged.accepted:
                    general += [sub.plain(p) for p in (merged.problems or [merged.message])]
                    outcome["duplicate"] = any("duplicate" in p for p in (merged.problems or [merged.message]))
                    status = 409
        elif doc.field_errors:
            status = 422
        payload = {"status": status, "conforms": bool(report and report.get("conforms")) and not doc.field_errors,
                   "fields": fields, "general": general, "outcome": outcome, "report": report,
                   "turtle": doc.turtle, "event_iri": doc.about,
                   "event_path": terms.local_path(doc.about) if doc.about and outcome.get("written") else None}
        if "application/json" in (request.headers.get("accept") or ""):
            return JSONResponse(payload, status_code=status)
        claim_rows = sorted({int(k.split("-")[1]) for k in form if re.fullmatch(r"claim-\d{1,2}-[a-z]+", k)}) or [0]
        part_rows = sorted({int(k.split("-")[1]) for k in form if re.fullmatch(r"part-\d{1,2}-[a-z]+", k)}) or [0]
        return srv.html("submit.html", request, status=status, choices=await form_choices(),
                        form={k: v for k, v in form.items() if k != "token"}, fields=fields, general=general,
                        outcome=payload, claim_rows=claim_rows[:20], part_rows=part_rows[:20],
                        available=sub.modules_available())

    def _anonymous_client(request: Request, trusted: bool):
        """Count an anonymous request against its address's limit (429 beyond); nothing for the token's."""
        if trusted:
            return contextlib.nullcontext()
        return srv.gate.client(request.client.host if request.client else None)

    async def validation(data: bytes, fmt: str, name: str, trusted: bool) -> dict:
        """The validation report, under the time budget of the request's kind (run in a slot of the gate)."""

        budget = settings.validation_timeout if trusted else settings.anonymous_timeout
        try:
            report = await asyncio.to_thread(sub.validation_report, project, data, fmt, name, budget)
        except sub.Unavailable as exc:
            raise HTTPError(501, str(exc)) from None
        if report.get("refused"):  # the budget's message speaks of the command's options
            report["refused"] = report["refused"].replace(
                "(raise it with --timeout)", "(this server's limit" + ("" if trusted else " without the write token") + ")"
            ).replace("(raise it with --memory)", "(this server's limit)")
        return report

    async def merge(data: bytes, suffix: str, name: str, author: str, force: bool = False):
        """Add it to data/ (in the validation slot the request holds: `submit` validates again)."""

        try:
            return await asyncio.to_thread(sub.merge, project, data, suffix, name, author, force)
        except sub.Unavailable as exc:
            raise HTTPError(501, str(exc)) from None

    async def make_visible(merged) -> None:
        """After the slot is given back: rebuild, so that what was added is served at once."""
        merged.visible = False
        if merged.accepted:
            # Rebuild now, so that what was added is served from this response on; on a graph so
            # large that the rebuild outlasts VISIBLE_WAIT, answer anyway (it goes on in the background).
            rebuild = asyncio.ensure_future(srv.state.refresh())
            try:
                await asyncio.wait_for(asyncio.shield(rebuild), VISIBLE_WAIT)
                merged.visible = True
            except asyncio.TimeoutError:
                rebuild.add_done_callback(lambda t: t.cancelled() or t.exception())
            except UserError as exc:
                log.warning("the store was not rebuilt after a submission: %s", exc.message)

    def merged_json(m) -> dict:
        out = {"written": m.accepted, "message": m.message}
        if m.accepted:
            out.update(submission=m.submission, file=m.file, added=m.added, warnings=m.warnings,
                       pages=[terms.local_path(a) for a in m.added], visible=m.visible)
        else:
            out["problems"] = m.problems
        return out

    async def api_submissions(request: Request) -> Response:
        """POST a Turtle or JSON-LD submission: its validation report; merged if it conforms and
        the request has the write token (?dry_run=1 validates only and needs no token)."""

        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        denied = sub.check_token(settings.write_token, request.headers.get("authorization"))
        trusted = denied is None  # a token holder's dry run is a token holder's too
        if not dry_run:
            if denied == 401:
                raise HTTPError(401, "send the write token as Authorization: Bearer <token> (or ?dry_run=1 to validate only)",
                                {"WWW-Authenticate": 'Bearer realm="conflictkg"'})
            if denied == 403:
                raise HTTPError(403, "writes are disabled on this server (no write token is configured)"
                                if not settings.write_token else "the write token is wrong")
        if media not in sub.MEDIA_FORMATS:
            raise HTTPError(415, "send the submission as text/turtle, application/n-triples or application/ld+json",
                            {"Accept-Post": ", ".join(sub.MEDIA_FORMATS)})
        fmt, suffix = sub.MEDIA_FORMATS[media]
        name = "submission" + suffix
        # An anonymous client's upload counts against its address from its first byte; its body and
        # its validation are held to the smaller limits, and wait behind token holders' requests.
        async with _anonymous_client(request, trusted):
            if trusted:
                data = await srv.body(request)
            else:
                data = await srv.body(request, settings.anonymous_max_request_bytes,
                                      f"the limit without the write token (with it: {settings.max_request_bytes})")
            if not data.strip():
                raise HTTPError(400, "the submission is empty")
            async with srv.gate.slot(trusted=trusted):
                report = await validation(data, fmt, name, trusted)
                result = {"report": report, "conforms": bool(report.get("conforms")), "written": False}
                if not report.get("conforms"):
                    return JSONResponse(result, status_code=422)
                if dry_run:
                    return JSONResponse(result, status_code=200)
                author = _submission_author(request)
                try:
                    merged = await merge(data, suffix, name, author)
                except StorageError as exc:
                    result.update(error=exc.message, status=exc.http_status)
                    return JSONResponse(result, status_code=exc.http_status)
        await make_visible(merged)
        result.update(merged_json(merged))
        return JSONResponse(result, status_code=201 if merged.accepted else 409)

    async def health(request: Request) -> Response:
        build = srv.state.current()
        return JSONResponse({"status": "ok", "build": build.path.name, "statements": build.statements,
                             "writes": settings.writes_enabled, "workers": srv.pool.size + srv.adhoc.size,
                             "validations": srv.gate.stats()})

    # ---- Descriptions for programs: OpenAPI, SPARQL service description, VoID ---------------------

    def absolute(request: Request, path: str) -> str:
        return (base or str(request.base_url).rstrip("/")) + path

    def openapi_doc(request: Request) -> dict:
        lib = srv.library()
        return descriptions.openapi([query_info(q) for q in lib.values()], server_url=base or "/", version=_version())

    async def openapi_json(request: Request) -> Response:
        doc = await asyncio.to_thread(openapi_doc, request)
        return JSONResponse(doc, headers={"Access-Control-Allow-Origin": "*"})

    async def api_page(request: Request) -> Response:
        doc = await asyncio.to_thread(openapi_doc, request)
        return srv.html("api.html", request, doc=doc)

    def rdf_graph_response(request: Request, graph) -> Response:
        media, fmt = _choose(request, conneg.GRAPH)
        text = graph.serialize(format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt])
        return Response(text.encode("utf-8") if isinstance(text, str) else text, media_type=conneg.content_type(media),
                        headers={"Vary": "Accept"})

    async def sparql_service_description(request: Request) -> Response:
        build = srv.state.current()
        graph = descriptions.service_description(endpoint=absolute(request, "/sparql"),
                                             void_url=absolute(request, "/.well-known/void"), triples=build.statements)
        return rdf_graph_response(request, graph)

    async def void_description(request: Request) -> Response:
        key = (srv.state.build_name, "void")
        rows = srv.cache.get(key)
        if rows is None:
            rows = await asyncio.gather(*(srv.rows(pages.PROLOGUE + q, 100_000) for q in (
                descriptions.STATISTICS, descriptions.CLASSES, descriptions.PROPERTIES, descriptions.EXAMPLES)))
            srv.cache.put(key, rows)
        (stats, _), (classes, _), (props, _), (examples, _) = rows
        graph = descriptions.void_graph(stats[0] if stats else {}, classes, props, [r["e"].value for r in examples],
                                    endpoint=absolute(request, "/sparql"), base_url=base or str(request.base_url).rstrip("/"))
        return rdf_graph_response(request, graph)

    # ---- "Did you mean" on 404 pages ----------------------------------------------------------

    async def name_index(kind: str) -> list[tuple[str, str]]:
        """(name, IRI) of every node under /id/<kind>/ with a label or an alias, for suggestions."""
        key = (srv.state.build_name, "names", kind)
        hit = srv.cache.get(key)
        if hit is None:
            prefix = str(ox.Literal(BASE + "id/" + kind + "/"))
            rows, _ = await srv.rows(pages.PROLOGUE + "SELECT ?node ?name WHERE { ?node rdfs:label|skos:altLabel ?name "
                                     f"FILTER(isIRI(?node) && STRSTARTS(STR(?node), {prefix})) }}", 100_000)
            hit = [(r["name"].value, r["node"].value) for r in rows]
            srv.cache.put(key, hit)
        return hit

    async def suggestions(path: str) -> list[tuple[str, str]]:
        """Pages whose name or slug is close to what the missing path asked for: [(path, name)]."""
        m = re.match(r"^/id/([a-z-]+)/([^/]{1,200})$", path)
        if not m:
            return []
        kind, wanted = m.group(1), m.group(2)
        candidates = await name_index(kind)
        return sentences_suggest(wanted, candidates)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/submit", submit_page, methods=["GET"]),
        Route("/submit", submit_form, methods=["POST"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/api/map", api_map, methods=["GET"]),
        Route("/api/queries", api_queries, methods=["GET"]),
        Route("/api/queries/{name}", api_query, methods=["GET"]),
        Route("/api/submissions", api_submissions, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/api", api_page, methods=["GET"]),
        Route("/.well-known/void", void_description, methods=["GET"]),
        Route("/events/{slug}/claims.csv", event_claims_csv, methods=["GET"]),
        Route("/id/{rest:path}", entity, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/vocab", vocab_index, methods=["GET"]),
        Route("/vocab/", vocab_index, methods=["GET"]),
        Route("/vocab/{rest:path}", vocab, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(package_dir() / "static")), name="static"),
    ]

    async def on_error(request: Request, exc: Exception) -> Response:
        details = {}
        if isinstance(exc, HTTPError):
            status, message, headers, details = exc.status, exc.message, exc.headers, exc.details
        elif isinstance(exc, Busy):
            status, message, headers = exc.status, exc.message, {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, HTTPException):
            status, headers = exc.status_code, dict(exc.headers or {})
            message = {404: "not found", 405: "method not allowed"}.get(status, exc.detail or "error")
            if status == 404:
                message = f"nothing at {request.url.path[:200]}"
            elif status == 405:
                message = f"{request.method} is not allowed on {request.url.path[:200]}"
        else:  # pragma: no cover - a bug: say so without a traceback in the response
            log.exception("unhandled error on %s", request.url.path)
            status, message, headers = 500, "internal error (see the server log)", {}
        path = request.url.path
        if path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status, **details}, status_code=status, headers=headers)
        if path != "/sparql" and _wants_html(request):
            suggested = []
            if status == 404:
                try:
                    suggested = await suggestions(path)
                except (HTTPError, PoolError):  # no suggestion is better than no error page
                    suggested = []
            response = srv.html("error.html", request, status=status, code=status, message=message, suggested=suggested)
            response.headers.update(headers)
            return response
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def on_client_gone(request: Request, exc: ClientGone) -> Response:
        return Response(status_code=400)  # never sent: the server drops what goes to a closed connection

    app = Starlette(
        routes=routes,
        lifespan=srv.lifespan,
        exception_handlers={HTTPError: on_error, HTTPException: on_error, Busy: on_error, ClientGone: on_client_gone,
                            Exception: on_error},
    )
    app.state.server = srv
    return SecurityHeaders(ReadOnlyCors(app))
