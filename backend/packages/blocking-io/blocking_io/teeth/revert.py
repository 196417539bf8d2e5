"""The offload-revert codemod: `await <offloader>(f, *args)` becomes `f(*args)`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import PositionProvider, QualifiedNameProvider

from blocking_io.static.offloaders import Offloader

from .match import DirectCall, callable_position, direct_call, match_offloader
from .messages import LEFT_UNCHANGED, REASON_NOT_AWAITED

__all__ = ["FoundSite", "RevertOffloadCommand", "SiteSelector"]


@dataclass(frozen=True)
class SiteSelector:
    """Limit the rewrite to the offload call starting at `line` (and `column`, 1-based)."""

    line: int
    column: int | None = None

    def selects(self, line: int, column: int) -> bool:
        """Tell whether the call starting at (`line`, `column`) is selected."""
        return line == self.line and self.column in (None, column)


@dataclass(frozen=True)
class FoundSite:
    """One offload call the codemod met, and why it cannot revert it (None when it can)."""

    line: int
    column: int
    offloader: str
    callable: str
    problem: str | None


class RevertOffloadCommand(VisitorBasedCodemodCommand):
    """Replace each awaited offload with a direct call of its callable, in place."""

    DESCRIPTION = "Revert awaited offloads such as `await asyncio.to_thread(f, x)` to `f(x)`."
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    def __init__(
        self,
        context: CodemodContext,
        selector: SiteSelector | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Revert every awaited offload, or only the one `selector` (or `line`/`column`) picks.

        `line` and `column` are the options `add_args` declares for libcst's command line.
        """
        super().__init__(context)
        if selector is None and line is not None:
            selector = SiteSelector(line, column)
        self.selector = selector
        self.found: list[FoundSite] = []
        self.problems: list[str] = []
        self.reverted: list[FoundSite] = []
        self._awaited: set[cst.Call] = set()

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        """Add the site selector options for libcst's codemod command line."""
        arg_parser.add_argument("--line", type=int, help="revert only the offload on this line")
        arg_parser.add_argument("--column", type=int, help="and at this 1-based column")

    def visit_Await(self, node: cst.Await) -> None:
        """Remember the awaited call so `leave_Call` can tell awaited offloads apart."""
        if isinstance(node.expression, cst.Call):
            self._awaited.add(node.expression)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        """Report an offload that is not awaited directly; it is left as written."""
        offloader = self._offloader(original_node)
        if offloader is not None and original_node not in self._awaited:
            self._record(original_node, offloader, REASON_NOT_AWAITED)
        return updated_node

    def leave_Await(self, original_node: cst.Await, updated_node: cst.Await) -> cst.BaseExpression:
        """Rewrite an awaited offload into the direct call, keeping the parentheses."""
        original_call = original_node.expression
        updated_call = updated_node.expression
        if not isinstance(original_call, cst.Call) or not isinstance(updated_call, cst.Call):
            return updated_node
        offloader = self._offloader(original_call)
        if offloader is None:
            return updated_node
        result = direct_call(original_call, updated_call, offloader, self._names)
        selected = self._record(
            original_call, offloader, result if isinstance(result, str) else None
        )
        if not selected or not isinstance(result, DirectCall):
            return updated_node
        for node in result.dropped:
            RemoveImportsVisitor.remove_unused_import_by_node(self.context, node)
        expression = result.expression
        lpar = [*updated_node.lpar, *updated_call.lpar, *expression.lpar]
        rpar = [*expression.rpar, *updated_call.rpar, *updated_node.rpar]
        return expression.with_changes(lpar=lpar, rpar=rpar)

    def _names(self, node: cst.CSTNode) -> set[str]:
        """Return the qualified names `node` (from the original tree) may refer to."""
        return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}

    def _offloader(self, call: cst.Call) -> Offloader | None:
        """Return the revertible offloader `call` invokes, or None."""
        return match_offloader(call, self._names(call.func))

    def _record(self, call: cst.Call, offloader: Offloader, problem: str | None) -> bool:
        """Note the site; warn about a selected problem. Return whether the site is selected."""
        start = self.get_metadata(PositionProvider, call).start
        line, column = start.line, start.column + 1
        message = None
        if problem is not None:
            message = LEFT_UNCHANGED.format(offloader=offloader.name, line=line, reason=problem)
        target = _callable_text(call, offloader)
        site = FoundSite(line, column, offloader.name, target, message)
        self.found.append(site)
        selected = self.selector is None or self.selector.selects(line, column)
        if selected and site.problem is not None:
            self.problems.append(site.problem)
            self.warn(site.problem)
        elif selected:
            self.reverted.append(site)
        return selected


def _callable_text(call: cst.Call, offloader: Offloader) -> str:
    """Return the source of the callable argument, or `?` when it is not plainly positional."""
    position = callable_position(call, offloader)
    if isinstance(position, str):
        return "?"
    return cst.Module([]).code_for_node(call.args[position].value)
