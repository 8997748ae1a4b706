"""The legacy bridge: the protocol every legacy adapter follows, and where adapters are found.

Adapters live in ``adapters/<system>`` and register through the ``mips_legacy_adapters``
hook; the kernel owns the protocol, the connections, and (next) the lifecycle, the
migration runner and the reconciliation report.
"""
