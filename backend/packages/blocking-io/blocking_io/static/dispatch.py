"""Dispatch: which method bodies a call on an instance may run, as narrowly as the program allows.

A call resolved to ``Base.m`` may run an override ``Sub.m`` only when a ``Sub`` (or a subclass that
inherits ``Sub.m``) is constructed or handed around somewhere in the program (rapid type analysis,
by the class's name: ``Sub(...)``, ``register(Sub)``, ``cls = Sub``, or a parameter or variable
annotated ``Sub``, whose instances come from callers outside the project), or has a base
outside the project (a framework may build it from configuration). A call on ``self`` from
``Base.caller`` never runs the override of a class that overrides ``caller`` itself: in such an
object, ``Base.caller`` does not run (unless through ``super()``, which is not followed here).
"""

from __future__ import annotations

from .members import NEUTRAL_BASES
from .resolve import Resolver

__all__ = ["Dispatch"]


class Dispatch:
    """Override lookup restricted to classes the program can construct.

    One per resolver (``of``): entry discovery and the site walk share its class index.
    """

    @classmethod
    def of(cls, resolver: Resolver) -> Dispatch:
        """Return the resolver's dispatch index, built on first use."""
        found = resolver.__dict__.get("_dispatch")
        if found is None:
            found = resolver.__dict__["_dispatch"] = cls(resolver)
        return found

    def __init__(self, resolver: Resolver) -> None:
        self.r = resolver
        self._overrides: dict[str, list[tuple[str, str]]] | None = None
        self._live: set[str] | None = None

    def _mentioned(self) -> set[str]:
        """Return the class-like names read anywhere, plus those in annotations (a parameter
        typed with a class receives instances made elsewhere): the summaries' indexes."""
        found: set[str] = set()
        for summary in self.r.indexed.values():
            found.update(summary["index"]["mentioned"])
        return found

    def live(self) -> set[str]:
        """Return the project classes that may have instances (mentioned, or a live subclass)."""
        if self._live is None:
            mentioned = self._mentioned()
            live: set[str] = set()
            for cls, (_, record) in self.r.classes.items():
                order = self.r.mro(cls)
                # A class with a framework base may be built by the framework from
                # configuration (`contents_manager_class = Type(klass=Manager)`), unnamed.
                framework = any(c not in self.r.classes and c not in NEUTRAL_BASES for c in order)
                if record["name"] in mentioned or framework:
                    live.update(c for c in order if c in self.r.classes)
            self._live = live
        return self._live

    def overrides(self) -> dict[str, list[tuple[str, str]]]:
        """Return, per project method, the sync overrides below it as (class, method) pairs."""
        if self._overrides is None:
            self._overrides = {}
            for cls, (module, record) in self.r.classes.items():
                ancestors = [c for c in self.r.mro(cls)[1:] if c in self.r.classes]
                if not ancestors:
                    continue  # nothing in the project above it to override
                for name, qualname in record["methods"].items():
                    method = f"{module}.{qualname}"
                    if self.r.functions[method][1]["async"]:
                        continue
                    for ancestor in ancestors:
                        base_module, base = self.r.classes[ancestor]
                        if name in base["methods"]:
                            overridden = f"{base_module}.{base['methods'][name]}"
                            self._overrides.setdefault(overridden, []).append((cls, method))
        return self._overrides

    def targets(self, method: str, caller: str | None) -> list[str]:
        """Return the overrides of ``method`` a call may run.

        Args:
            method: the method the call resolves to.
            caller: the calling method's name when the call is on ``self``, else None.
        """
        live = self.live()
        found = []
        for cls, override in self.overrides().get(method, ()):
            if cls not in live:
                continue
            if caller is not None and caller in self.r.classes[cls][1]["methods"]:
                continue
            found.append(override)
        return found
