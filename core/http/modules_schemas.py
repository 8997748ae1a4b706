"""Schemas of the module registry endpoints."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class ModuleSchema(ma.Schema):
    name = ma.fields.String()
    title = ma.fields.String()
    version = ma.fields.String()
    retires = ma.fields.List(ma.fields.String())
    installed = ma.fields.Boolean(metadata={"description": "False when the module failed to load"})
    error = ma.fields.String(allow_none=True, metadata={"description": "Why the module failed to load"})
    enabled = ma.fields.Boolean()
    scope = ma.fields.String(metadata={"description": "off, force (force-wide) or units (a pilot)"})
    units = ma.fields.List(ma.fields.String())
    enabled_for_me = ma.fields.Boolean()


class ModuleUpdateSchema(ma.Schema):
    enabled = ma.fields.Boolean(required=True)
    units = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=80)), load_default=list,
                           metadata={"description": "Empty for force-wide; else the pilot units"})
