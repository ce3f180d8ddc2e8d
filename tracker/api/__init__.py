"""The JSON API, /api/v1: the same records, forms, operations and audit trail as the pages."""

PREFIX = "/api/v1"


def is_api_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")
