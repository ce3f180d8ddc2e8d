"""Where the JSON API lives. The session, error and sign-in code ask it without depending
on the API package, which depends on them."""

PREFIX = "/api/v1"


def is_api_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")
