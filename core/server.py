"""Running the app under gunicorn (several workers share the one database)."""
from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from core.app import create_app

        return create_app()


def run(host: str, port: int, workers: int) -> None:
    print(f"MiPS serving on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)", flush=True)
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "accesslog": "-", "timeout": 120}).run()
