"""Research tools for identity resolution: they make the model's inputs, not its answers.

    python -m research.train        # re-estimate core/resolution/weights.json with Splink
    research.synthetic              # the independent police-style data set it trains on

Why a package of its own, next to ``bench/`` and outside ``core/``:

* ``core`` is the runtime that ships (``[tool.setuptools.packages.find]`` includes only
  ``core*``, ``plugins*`` and ``adapters*``); nothing here is run by a server, a worker
  or ``mips``, and Splink's training and a name generator have no place in an install.
  Neither this package nor ``bench`` is shipped.
* ``bench`` measures the engine; this package produces what the engine is built from (a
  data set with ground truth, the trained m/u weights). Benchmarks and tests import the
  generator from here, and training is not a benchmark.
* The dependency runs one way: ``research`` imports ``core.resolution`` (features,
  levels, the Splink model); nothing in ``core`` imports ``research``. The only thing
  that crosses back is ``weights.json``, a data file ``train`` writes into
  ``core/resolution/`` and the runtime reads.

The legacy force simulator is not here: it is ``adapters/simulator`` because it is a
``mips legacy simulate`` command that ``make run`` uses to fill the demo's seven systems.
"""
