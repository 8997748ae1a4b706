"""``mips serve``: the app under gunicorn (several workers share the one database)."""
from __future__ import annotations

from typing import Any

import click
from gunicorn.app.base import BaseApplication


#: The access log names the path, never the query string nor the referring page: a search
#: (``/search?q=<name>&dob=...``) must not leave who was looked for in a plain-text log
#: outside the audit trail (issue 21). Client, time, method, path, status, size, duration.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'


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


def announce(host: str, port: int, demo: bool) -> None:
    """Where MiPS is (and, for the demo, who can sign in): printed once it is ready, as
    the last thing before the access log, so it is on screen when ``make run`` settles."""
    from rich.console import Console

    console = Console()
    if demo:
        from core.demo.seed import print_logins

        print_logins(console)
    console.print(f"API docs at http://{host}:{port}/api/docs; stop with Ctrl+C", soft_wrap=True)
    console.print(f"[bold]MiPS is ready at http://{host}:{port}/[/bold]", soft_wrap=True)


def run(host: str, port: int, workers: int, demo: bool = False) -> None:
    # gunicorn's own start-up lines are left out (loglevel warning) so the announcement stays last
    # threads: a live page's event stream holds a thread, not a whole worker process
    _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread", "threads": 16,
               "accesslog": "-", "access_log_format": ACCESS_LOG_FORMAT, "timeout": 120, "loglevel": "warning",
               "when_ready": lambda _server: announce(host, port, demo)}).run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--demo", is_flag=True, help="Once ready, print the address and the demo logins (make run)")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    """Serve the web UI and REST API with gunicorn."""
    run(host, port, workers, demo=demo)
