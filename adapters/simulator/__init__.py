"""A simulator of the seven still-live legacy systems, for demos, tests and benchmarks.

It creates one population of people and scatters mentions of them across CRIS, CrimInt,
Merlin, Airspace, NSPIS, COPA and EWMS, each in its own schema and with its own habits,
with the noise real systems have. The ground truth goes to ``truth.csv`` for tests and
benchmarks only; no adapter reads it.
"""
