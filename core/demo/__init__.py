"""The demo force: units, accounts and people for ``make run`` (``mips seed --demo``).

Never part of a real deployment's data: it refuses a database not made as a demo.
"""
