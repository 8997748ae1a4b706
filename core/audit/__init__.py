"""The audit trail: an append-only, hash-chained log of every read and write (DPA 2018 s.62)."""
