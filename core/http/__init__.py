"""The REST API: flask-smorest setup, errors, the request guard and the core resources."""
