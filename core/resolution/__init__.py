"""Identity resolution: are two person records, from whatever system, the same human?

One pair at a time (:func:`core.resolution.compare.compare`, with candidates found
through :func:`core.resolution.blocking.blocking_keys`) for records created through the
API, and in batch (:func:`core.resolution.batch.resolve_records`, ``mips resolve``) for
loads of legacy data. Both weigh evidence with the same comparison levels
(:mod:`core.resolution.levels`) and the same m/u probabilities (``weights.json``,
estimated with Splink by ``python -m research.train``).
"""
