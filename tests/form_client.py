"""A test client that sends the CSRF token of a form the way a browser does.

CSRF protection stays on in every test. A browser can only post a form it
has loaded, so the client reads the token out of a page's hidden
``csrf_token`` input and adds it to every form it posts. The JSON API takes
bearer tokens instead and gets nothing added. A test that wants to show a
refusal posts with ``csrf=False``.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

TOKEN_INPUT = re.compile(r'name="csrf_token"[^>]*\svalue="([^"]+)"')
# Every page of a signed-in user carries the logout form; the login page carries one for anyone.
PAGE_WITH_A_FORM = "/login"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class FormClient(FlaskClient):
    _token: str | None = None
    _for_session_token: str | None = None

    def open(self, *args, csrf: bool = True, **kwargs):
        method = str(kwargs.get("method", "GET")).upper()
        path = args[0] if args and isinstance(args[0], str) else None
        if (
            csrf
            and path is not None
            and method not in SAFE_METHODS
            and not path.startswith("/api/")
            and "json" not in kwargs
        ):
            base_url = kwargs.get("base_url", "http://localhost")
            kwargs["data"] = self._with_token(kwargs.get("data"), base_url)
            # Over HTTPS, Flask-WTF also wants the Referer a browser sends with a form.
            headers = dict(kwargs.get("headers") or {})
            headers.setdefault("Referer", base_url.rstrip("/") + PAGE_WITH_A_FORM)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)

    def _with_token(self, data, base_url: str):
        if data is None:
            data = {}
        if isinstance(data, MultiDict):
            data = data.copy()
            data.setdefault("csrf_token", self.form_token(base_url))
        elif isinstance(data, dict):
            data = {"csrf_token": self.form_token(base_url), **data}
        return data  # raw bodies (str, bytes) are posted as they are

    def form_token(self, base_url: str = "http://localhost") -> str:
        """The token a form on a page of this session carries (read again after a login)."""
        current = self._session_token()
        if self._token is None or current is None or current != self._for_session_token:
            page = self.get(PAGE_WITH_A_FORM, base_url=base_url)
            found = TOKEN_INPUT.search(page.get_data(as_text=True))
            assert found, f"no csrf_token input on {PAGE_WITH_A_FORM} ({page.status_code})"
            self._token = found.group(1)
            self._for_session_token = self._session_token()
        return self._token

    def _session_token(self) -> str | None:
        with self.session_transaction() as session:
            return session.get("csrf_token")
