"""Unified search: one query over core entities, enabled modules and live legacy bridges."""
