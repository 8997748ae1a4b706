"""MiPS kernel.

Everything else plugs into this package: the business modules in ``plugins/`` and the
legacy adapters in ``adapters/`` import ``core`` and nothing of each other. ``hookimpl``
is the marker a plugin uses to implement a hook declared in :mod:`core.hookspecs`.
"""
from __future__ import annotations

import pluggy

PROJECT_NAME = "mips"
#: Entry-point groups (pyproject.toml) the business modules and the legacy adapters are
#: found in: named at the root because the plugin host and the migrations both read them.
ENTRY_POINT_GROUP = "mips"
ADAPTER_ENTRY_POINT_GROUP = "mips.adapters"
__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["hookimpl", "ADAPTER_ENTRY_POINT_GROUP", "ENTRY_POINT_GROUP", "PROJECT_NAME", "__version__"]
