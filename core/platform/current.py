"""The kernel of the running application, for code that runs inside a request or a command.

One accessor instead of ``current_app.extensions["mips"]`` spelled out in every file: the
key the kernel is stored under is the app factory's business, not its callers'.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from core.kernel import Kernel

EXTENSION_KEY = "mips"


def current_kernel() -> Kernel:
    """The kernel of the application handling the current request or CLI command."""
    return current_app.extensions[EXTENSION_KEY]
