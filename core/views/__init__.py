"""Views of a person composed across the kernel, the modules and the legacy systems.

The top of the kernel's layers beside ``http`` and ``web``: the one-person view joins
the modules' sections (hooks), the live legacy systems' records and the person record,
so it may import legacy and persons; nothing below imports it.
"""
