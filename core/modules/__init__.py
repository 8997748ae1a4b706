"""Module registry and staged rollout: which module is on, force-wide or for which units."""
