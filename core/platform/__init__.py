"""The kernel's lowest layer: configuration, database, the unit of work, the outbox of
domain events, append-only journals, reference counters, cited rule files, time, errors,
kernel state, the accessor of the running kernel and the Alembic runner.

Nothing here imports a higher layer of the kernel (identity, audit, persons, search,
legacy, http, web, cli); they build on it, and what it needs of them is passed down
(:class:`core.platform.current.RunningKernel`). The ``kernel-layers`` import-linter
contract checks it. Modules reach it through :mod:`core.kit`.
"""
