"""Persons and the POLE records around them: persons, objects, locations and their links.

A person is a cluster of source records (every contribution kept as it came); the person
shown is derived from the cluster by survivorship rules. Objects and locations are plain
records with provenance. Links join any two entities with a role and provenance.
"""
