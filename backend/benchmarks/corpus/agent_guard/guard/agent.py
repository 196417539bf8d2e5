"""Agent assembly and the async entry point used by the API."""

from __future__ import annotations

import sys

import requests
from langchain.agents import create_agent
from langchain_core.tools import tool

from .middleware import (
    AuditLogMiddleware,
    PiiRedaction,
    PolicyMiddleware,
    ReportCard,
    SessionMiddleware,
    TokenBudgetMiddleware,
    TraceToDisk,
)


@tool
def lookup_order(order_id: str) -> str:
    """Look an order up in the legacy system."""
    return requests.get(f"https://orders.example.invalid/{order_id}", timeout=5).text  # clean: sync tools run in an executor


def build_agent(model):
    return create_agent(
        model,
        tools=[lookup_order],
        middleware=[
            AuditLogMiddleware("/var/log/agent/audit.jsonl"),
            PolicyMiddleware("/etc/agent/deny.txt"),
            TokenBudgetMiddleware("/var/lib/agent/usage.db", limit=200_000),
            SessionMiddleware(),
            PiiRedaction("/etc/agent/pii.txt"),
            TraceToDisk(),
        ],
    )


async def answer(agent, thread_id: str, question: str) -> str:
    result = await agent.ainvoke(
        {"messages": [{"role": "user", "content": question}]},
        context={"thread_id": thread_id},
    )
    return result["messages"][-1].content


def report_main() -> None:
    print(ReportCard().before_model(sys.argv[1]))
