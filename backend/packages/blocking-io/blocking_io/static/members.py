"""Member lookup (``MemberIndex``): attributes of modules, classes and instances, and class MROs.

A component of ``Resolver`` (composition, not a mixin): it reads the resolver's tables
(``modules``, ``classes``, ``functions``, ``attribute_types``) and calls its ``name``,
``binding``, ``external``, ``eval`` and ``call_result`` through ``self.r``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LATE", "NEUTRAL_BASES", "MemberIndex"]

LATE = 1 << 30  # a line after every binding: names read from another scope see the final value
NEUTRAL_BASES = frozenset(
    {
        "typing.Generic",
        "typing.Protocol",
        "abc.ABC",
        "builtins.object",
        "typing_extensions.Protocol",
    }
)


class MemberIndex:
    """Find ``value.name`` for project modules, project classes and external types."""

    def __init__(self, resolver: Any) -> None:
        self.r = resolver
        self._attr: dict[tuple, tuple | None] = {}
        self._mro: dict[str, list[str]] = {}
        self._attr_types: dict[tuple[str, str], tuple | None] = {}

    def attr(self, value: tuple, name: str) -> tuple | None:
        """Return ``value.name``."""
        key = (value, name)
        if key in self._attr:
            return self._attr[key]
        self._attr[key] = None
        kind, target = value[0], value[1]
        result: tuple | None = None
        if kind == "q":
            if target in self.r.modules:
                result = self.module_attr(target, name)
            elif target in self.r.classes:
                result = self.member(target, name, skip_first=False)
            elif target not in self.r.functions:
                result = ("q", self.r.external(f"{target}.{name}"))
        elif kind == "i" and name == "__class__":
            result = ("q", target)
        elif kind == "i":
            if target in self.r.classes:
                result = self.member(target, name, skip_first=False)
                getter = self.r.functions.get(result[1]) if result is not None else None
                if getter is not None and getter[1]["prop"]:
                    result = self.r.call_result(result)
            else:
                result = self.external_member(target, name)
        elif kind == "sup":
            result = self.member(target, name, skip_first=True)
        self._attr[key] = result
        return result

    def module_attr(self, module: str, name: str) -> tuple | None:
        """Return a module-level name of a project module (or its submodule)."""
        summary = self.r.modules[module]
        if name in summary["bindings"] or summary["stars"]:
            value = self.r.name(name, module, None, LATE)
            if value is not None and value != ("q", f"builtins.{name}"):
                # Importing `pkg.sub` sets the attribute `sub` to the module, even where the
                # package defines a class `sub` (see ``collisions``).
                if value[0] != "q" or value[1] not in self.r.overridden:
                    return value
        submodule = f"{module}.{name}"
        return ("q", submodule) if submodule in self.r.modules else None

    def external_member(self, type_name: str, name: str) -> tuple:
        """Return an attribute of an instance of an external type."""
        attribute_type = self.r.attribute_types.get(f"{type_name}.{name}")
        if attribute_type:
            return ("i", attribute_type)
        return ("q", f"{type_name}.{name}")

    def member(self, cls: str, name: str, *, skip_first: bool) -> tuple | None:
        """Look a method or attribute up along a class's MRO (external bases included)."""
        external = None
        for owner in self.mro(cls)[1 if skip_first else 0 :]:
            found = self.r.classes.get(owner)
            if found is None:
                # Project classes win over external bases, whatever their order in the bases
                # list (`class Store(Generic[T], BaseStore)`); typing helpers hold no behaviour.
                if external is None and owner not in NEUTRAL_BASES:
                    external = owner
                continue
            module, record = found
            method = record["methods"].get(name)
            if method is not None:
                return ("q", f"{module}.{method}")
            if name in record["attrs"]:
                value = self.attribute_type(owner, name)
                if value is not None:
                    return value
        return None if external is None else self.external_member(external, name)

    def attribute_type(self, cls: str, name: str) -> tuple | None:
        """Return the value of an instance attribute from annotations or assignments."""
        key = (cls, name)
        if key in self._attr_types:
            return self._attr_types[key]
        self._attr_types[key] = None
        module, record = self.r.classes[cls]
        entries = record["attrs"][name]
        ordered = [e for e in entries if e[1][0] == "ann"] + [
            e for e in entries if e[1][0] != "ann"
        ]
        result = None
        for where, binding in ordered:
            fn = f"{module}.{where}" if where else None
            result = self.r.binding(binding, module, fn, LATE)
            if result is not None:
                break
        self._attr_types[key] = result
        return result

    def mro(self, cls: str) -> list[str]:
        """Return the class and its bases in lookup order (project classes, then external)."""
        if cls in self._mro:
            return self._mro[cls]
        self._mro[cls] = [cls]
        module, record = self.r.classes[cls]
        order = [cls]
        for base in record["bases"]:
            if base is not None and base[0] == "sub":
                base = base[1]
            value = self.r.eval(base, module, None, LATE)
            if value is None or value[0] != "q" or value[1] == "builtins.object":
                continue
            if value[1] in self.r.classes:
                inherited = self.mro(value[1])
            else:
                inherited = [value[1]]
            order.extend(c for c in inherited if c not in order)
        self._mro[cls] = order
        return order
