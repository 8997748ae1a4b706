"""The kernel's lowest layer: configuration, database, the unit of work, the outbox of
domain events, append-only journals, reference counters and cited rule files.

Nothing here imports a higher layer of the kernel (identity, audit, persons, search,
legacy, http, web, cli); they build on it. Modules reach it through :mod:`core.kit`.
"""
