"""Middleware classes plugged into the agent."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sqlite3
from typing import Any

from langchain.agents.middleware import AgentMiddleware, AgentState
from langgraph.runtime import Runtime

from . import storage


class AuditLogMiddleware(AgentMiddleware):
    """Append every model call to a JSON-lines audit file."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def before_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        record = {"at": dt.datetime.now(dt.UTC).isoformat(), "n": len(state["messages"])}
        with open(self.path, "a", encoding="utf-8") as fh:  # label: blocking via=before_model-hook
            fh.write(json.dumps(record) + "\n")  # label: tolerated
        return None


class PolicyMiddleware(AgentMiddleware):
    """Reject prompts that match a deny list kept on disk."""

    def __init__(self, deny_file: str) -> None:
        super().__init__()
        self.deny_file = deny_file

    def _deny_list(self) -> list[str]:
        with open(self.deny_file, encoding="utf-8") as fh:  # clean: only reached through to_thread or the sync hook
            return [line.strip() for line in fh if line.strip()]

    def before_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        text = str(state["messages"][-1].content)
        if any(word in text for word in self._deny_list()):
            return {"jump_to": "end"}
        return None

    async def abefore_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.before_model, state, runtime)  # clean: async override offloads the sync hook


class TokenBudgetMiddleware(AgentMiddleware):
    """Track token use per thread in SQLite."""

    def __init__(self, db_path: str, limit: int) -> None:
        super().__init__()
        self.db_path = db_path
        self.limit = limit

    async def abefore_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        return None

    def after_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        conn = sqlite3.connect(self.db_path)  # label: blocking via=after_model-hook (only abefore_model is overridden)
        used = state.get("usage", {}).get("total_tokens", 0)  # clean: dict.get on state
        conn.execute("INSERT INTO usage (tokens) VALUES (?)", (used,))  # label: blocking via=after_model-hook
        conn.commit()  # label: blocking via=after_model-hook
        conn.close()  # label: tolerated
        return None


class SessionMiddleware(AgentMiddleware):
    """Restore and persist per-thread scratch state."""

    def before_agent(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        thread_id = runtime.context.get("thread_id", "default")  # clean: context mapping
        return {"scratch": storage.load_session(thread_id)}

    def after_agent(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        storage.save_session(runtime.context.get("thread_id", "default"), state.get("scratch", {}))
        return None

    async def aafter_agent(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.after_agent, state, runtime)  # clean: offloaded


class RedactionBase(AgentMiddleware):
    """Base class whose async hook always runs the sync hook in a worker thread."""

    async def abefore_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.before_model, state, runtime)  # clean: offloaded


class PiiRedaction(RedactionBase):
    """Sync hook; the inherited async override keeps it off the loop."""

    def __init__(self, patterns_file: str) -> None:
        super().__init__()
        self.patterns_file = patterns_file

    def before_model(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        with open(self.patterns_file) as fh:  # clean: inherited abefore_model offloads this hook
            patterns = fh.read().split()
        return {"redact": patterns}


class TraceToDisk(AgentMiddleware):
    """Dump the final state after the agent finishes."""

    def after_agent(self, state: AgentState, runtime: Runtime) -> dict[str, Any] | None:
        storage.SESSIONS.mkdir(parents=True, exist_ok=True)  # label: blocking via=after_agent-hook
        out = storage.session_file("trace-" + str(runtime.context.get("run_id")))
        out.write_text(json.dumps(state.get("scratch", {})))  # label: blocking via=after_agent-hook
        return None


class ReportCard:
    """Not a middleware: its hook-like method is called by the offline report CLI only."""

    def before_model(self, path: str) -> str:
        with open(path) as fh:  # clean: plain class, called from sync code
            return fh.read()
