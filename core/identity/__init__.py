"""Identity and access: users, their home unit, role grants per module, tokens, casbin
(:mod:`~core.identity.access`), and the core's own roles and policies
(:mod:`~core.identity.builtin`, registered as the built-in plugin ``core``)."""
