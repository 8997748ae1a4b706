"""The REST API: flask-smorest setup, errors, the request guard, paging, input checks,
and one module per area of the kernel (``users``, ``modules``, ``audit``, ``persons``,
``pole``, ``person_view``, ``search``, ``legacy``) with its schemas beside it
(``<area>_schemas``). Resources are thin: they call the services of the layers below."""
