"""The four business modules, each a pluggy plugin found through the ``mips`` entry points."""
