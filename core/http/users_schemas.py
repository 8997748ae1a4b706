"""Request (load) and response (dump) schemas of the identity endpoints."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.platform.timeutil import to_london


class LondonDateTime(ma.fields.DateTime):
    """An aware datetime shown in Europe/London time (with its offset), stored UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else to_london(value).isoformat()


class TokenRequestSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = ma.fields.String(required=True, validate=validate.Length(min=1, max=1024), load_only=True)


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer(metadata={"description": "Seconds until the token expires"})


class GrantSchema(ma.Schema):
    role = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    module = ma.fields.String(required=True, validate=validate.Length(min=1, max=80),
                              metadata={"description": "The module's name, or 'core' for force-wide roles"})


class GrantsUpdateSchema(ma.Schema):
    grants = ma.fields.List(ma.fields.Nested(GrantSchema), required=True)


class UserSchema(ma.Schema):
    username = ma.fields.String()
    display_name = ma.fields.String()
    unit = ma.fields.Function(lambda user: user.unit.name)
    active = ma.fields.Boolean()
    created_at = LondonDateTime()
    grants = ma.fields.Function(lambda user: [{"role": g.role, "module": g.domain} for g in user.grants])


class UserCreateSchema(ma.Schema):
    username = ma.fields.String(required=True, validate=validate.Length(min=2, max=80))
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    unit = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    display_name = ma.fields.String(load_default="", validate=validate.Length(max=200))
    roles = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=161)), load_default=list,
                           metadata={"description": "ROLE or ROLE:MODULE"})


class UserUpdateSchema(ma.Schema):
    active = ma.fields.Boolean(required=True)


class PasswordResetSchema(ma.Schema):
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class MeSchema(ma.Schema):
    username = ma.fields.String()
    display_name = ma.fields.String()
    unit = ma.fields.String()
    grants = ma.fields.List(ma.fields.Nested(GrantSchema))
    modules = ma.fields.List(ma.fields.String(), metadata={"description": "Modules switched on for this user"})


class RoleSchema(ma.Schema):
    role = ma.fields.String()
    module = ma.fields.String()
    description = ma.fields.String()


class UnitSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    title = ma.fields.String(load_default="", validate=validate.Length(max=200))
