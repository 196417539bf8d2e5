"""Detector rules: one entry per finding code, read by the CLI, the SARIF output and the docs.

Codes:
    BIO101 blocking-call-in-async: a blocking call written directly in an ``async def``.
    BIO201 blocking-call-reachable: a blocking call in a sync function an ``async def`` calls.
    BIO301 blocking-call-in-loop-hook: a blocking call in a sync framework hook run on the loop.
    BIO401 blocking-call-in-loop-callback: a blocking call in a sync callback handed to the loop.
    BIO501 blocking-call-in-library: a library call reached from the loop that blocks inside the
        library (from its summarised source, or a library fact).
    BIO901 unused-suppression: a suppression comment that no longer suppresses anything.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DETECTOR_PAGE",
    "RULES",
    "RULES_BY_CODE",
    "RULES_PAGE",
    "SUPPRESSION",
    "Rule",
    "docs_page_uri",
    "rule_for_exposure",
    "rule_help_uri",
]

# The built pages (from docs/static-detector.md and docs/static-rules.md) that links point to,
# under the `docs-url` of the configuration; each rule's section on the rules page is `#<code>`.
DETECTOR_PAGE = "static-detector.html"
RULES_PAGE = "static-rules.html"

# The exposure (and operation) of findings about suppression comments rather than blocking calls.
SUPPRESSION = "suppression"


@dataclass(frozen=True)
class Rule:
    """A finding code with its message template and four-part explanation.

    ``message`` is a `str.format` template. Fields: ``call`` (the blocking primitive),
    ``function`` (where the call is written), ``entry`` (the loop entry), ``via`` (the sync
    hops after the entry), ``offload`` (the first sync hop), ``hint`` and ``twin`` (the
    async override of a hook); for suppression findings, ``codes`` (the unused codes); for
    library findings, ``primitive`` (the blocking call inside) and ``library`` (the package).
    """

    code: str
    name: str
    exposure: str
    message: str
    summary: str
    what: str
    why: str
    example: str
    instead: str


RULES: tuple[Rule, ...] = (
    Rule(
        code="BIO101",
        name="blocking-call-in-async",
        exposure="direct",
        message="Blocking call `{call}` in async function `{function}`; use `{hint}`",
        summary="A blocking call is written directly in an async function.",
        what="Calls to blocking primitives (file, network, subprocess, sleep, sqlite) whose "
        "enclosing function is an `async def`.",
        why="The call runs on the event loop thread, so every other task waits until it returns.",
        example="async def load(path):\n    return open(path).read()",
        instead="async def load(path):\n    return await asyncio.to_thread(_read, path)",
    ),
    Rule(
        code="BIO201",
        name="blocking-call-reachable",
        exposure="reachable",
        message="Async function `{entry}` reaches blocking call `{call}` via `{via}`; "
        "offload `{offload}`",
        summary="An async function calls sync code that makes a blocking call.",
        what="Blocking primitives inside sync functions that some `async def` reaches through "
        "direct calls, across modules, methods and inheritance, with no offload in between.",
        why="Sync helpers called from a coroutine run on the loop thread just like the coroutine; "
        "linters that look only inside `async def` miss them.",
        example="def _append(path, line):\n"
        "    with open(path, 'a') as f:\n        f.write(line)\n\n"
        "async def put(path, line):\n    _append(path, line)",
        instead="async def put(path, line):\n    await asyncio.to_thread(_append, path, line)",
    ),
    Rule(
        code="BIO301",
        name="blocking-call-in-loop-hook",
        exposure="hook",
        message="Sync hook `{entry}` runs on the event loop and reaches blocking call `{call}` "
        "in `{function}`; implement `{twin}` and offload the call",
        summary="A sync framework hook that the framework calls on the loop makes a blocking call.",
        what="Sync hook methods (for example agent middleware `before_model`) that the framework "
        "invokes from its async path when no async override exists, and sync functions "
        "registered by hook decorators (`@before_model`, `@app.on_event`).",
        why="The framework calls the sync hook from a coroutine, so the hook's IO blocks the loop.",
        example="class Audit(AgentMiddleware):\n    def before_model(self, state, runtime):\n"
        "        Path('audit.log').write_text('x')",
        instead="class Audit(AgentMiddleware):\n"
        "    async def abefore_model(self, state, runtime):\n"
        "        await asyncio.to_thread(Path('audit.log').write_text, 'x')",
    ),
    Rule(
        code="BIO401",
        name="blocking-call-in-loop-callback",
        exposure="callback",
        message="Loop callback `{entry}` reaches blocking call `{call}` in `{function}`; "
        "offload it from the callback",
        summary="A sync callback scheduled on the loop makes a blocking call.",
        what="Callables passed to `loop.call_soon`, `call_later`, `call_at`, "
        "`call_soon_threadsafe` or a future's `add_done_callback`.",
        why="The loop runs these callbacks itself, between tasks, on the loop thread.",
        example="loop.call_soon(lambda: time.sleep(1))",
        instead="loop.call_soon(lambda: loop.create_task(asyncio.sleep(1)))",
    ),
    Rule(
        code="BIO501",
        name="blocking-call-in-library",
        exposure="library",
        message="Library call `{call}` in `{function}` blocks on `{primitive}` inside "
        "{library}; offload `{offload}`",
        summary="Code on the loop calls a third-party function that blocks inside the library.",
        what="Calls into installed third-party packages whose summarised source reaches a "
        "blocking primitive (the chain inside the library is shown, `file:line` under the "
        "site directory), and calls the library facts table names: compiled clients without "
        "Python source and first-use downloads. Priority is the primitive's when the library "
        "function blocks every time, low when only some paths block.",
        why="The library runs on the caller's thread: a Kubernetes client ends in a socket, a "
        "document converter reads files, a tokenizer downloads its vocabulary the first time. "
        "Linters that stop at the project's own source cannot see any of it.",
        example="async def pods(namespace):\n"
        "    return kube.CoreV1Api().list_namespaced_pod(namespace)",
        instead="async def pods(namespace):\n"
        "    api = kube.CoreV1Api()\n"
        "    return await asyncio.to_thread(api.list_namespaced_pod, namespace)",
    ),
    Rule(
        code="BIO901",
        name="unused-suppression",
        exposure="suppression",
        message="Suppression of `{codes}` matches no finding; delete the comment or fix its codes",
        summary="A suppression comment no longer suppresses any finding.",
        what="`# blocking-io: ignore[...]` and `ignore-file[...]` comments (for the codes the "
        "scan selects) that dropped no finding and cut no chain in this scan.",
        why="A stale suppression hides the next real blocking call written on that line or in "
        "that file, and its reason no longer describes the code.",
        example="def _load(path):\n"
        "    return json.loads(path)  # blocking-io: ignore[BIO201] the file read moved away",
        instead="def _load(path):\n    return json.loads(path)",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule_for_exposure(exposure: str) -> Rule:
    """Return the rule that reports findings with the given exposure."""
    for rule in RULES:
        if rule.exposure == exposure:
            return rule
    raise ValueError(
        f"Unknown exposure {exposure!r}; expected one of: direct, reachable, hook, callback."
    )


def docs_page_uri(docs_url: str, page: str) -> str:
    """Return the address of a page of the docs published at ``docs_url`` (ending in ``/``)."""
    return f"{docs_url}{page}"


def rule_help_uri(code: str, docs_url: str) -> str:
    """Return the address of a rule's section in the docs published at ``docs_url``."""
    return f"{docs_page_uri(docs_url, RULES_PAGE)}#{code.lower()}"
