"""Offload-revert codemod and the teeth check that proves anchors catch reverted offloads.

`RevertOffloadCommand` rewrites `await <offloader>(f, *args)` back to `f(*args)`, one site at
a time when given a `SiteSelector`; `find_offload_sites` lists the sites, and `revert_site`
reverts one of them. `teeth` runs the anchors against one mutant copy of the backend per site,
and `static` cross-checks each mutant with the static detector.
"""

from __future__ import annotations

from .revert import FoundSite, RevertOffloadCommand, SiteSelector
from .sites import Site, find_offload_sites, find_sites_in_source, revert_site, revert_source

__all__ = [
    "FoundSite",
    "RevertOffloadCommand",
    "Site",
    "SiteSelector",
    "find_offload_sites",
    "find_sites_in_source",
    "revert_site",
    "revert_source",
]
