"""Running a migration in the background, for the REST API and the admin page alike.

A migration takes minutes on a real system, longer than a request may last, so it runs
as ``mips legacy migrate <system>`` in a process of its own; its progress is written to
the system's lifecycle row, which both the API and the admin page read.
"""
from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy.orm import Session

from core.legacy import lifecycle
from core.legacy.handover import refuse_unless_taken


def start_migration(session: Session, kernel, system: str):
    """Check the system can be migrated (a module installed that takes its records; live,
    or migrated and still in use: the catch-up before retiring), then start the run;
    return the adapter."""
    adapter = lifecycle.adapter_for(kernel, system)
    refuse_unless_taken(kernel, adapter)  # refused here, not in the background run nobody watches
    row = lifecycle.state_of(session, system)
    lifecycle.refuse_if_retired(row)
    # The run is another process: the lifecycle row must be durable before it starts.
    session.commit()
    env = dict(os.environ, MIPS_DATABASE_URL=kernel.settings.database_url, MIPS_SECRET_KEY=kernel.settings.secret_key)
    subprocess.Popen([sys.executable, "-c", "from core.cli import main; main()", "legacy", "migrate", system],
                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return adapter
