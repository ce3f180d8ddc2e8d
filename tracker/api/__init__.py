"""The JSON API, /api/v1: the same records, forms, operations and audit trail as the pages."""
