"""Identity and access: users, their home unit, role grants per module, tokens, casbin."""
