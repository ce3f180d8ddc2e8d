"""A browser for the end-to-end tests and the load run: it keeps cookies and posts forms back."""

from __future__ import annotations

import requests

from bench.page_forms import PostForm


class Browser:
    """A requests session that behaves like a browser: it keeps cookies, reads forms off
    pages and posts them back with what they carry (the CSRF token among them)."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, allow_redirects=False, timeout=30, **kwargs)

    def form(self, path: str, action: str | None = None) -> dict:
        page = self.get(path)
        assert page.status_code == 200, page.text[:500]
        return self.fields_of(page.text, action or path)

    @staticmethod
    def fields_of(page: str, action: str) -> dict:
        """What the page's form posting to ``action`` would send, as it stands."""
        forms = PostForm(page).forms
        fields = forms.get(action, forms.get(""))
        if fields is None:
            raise AssertionError(f"the page shows no form posting to {action}")
        return fields.to_dict(flat=False)

    def submit(self, path: str, changes: dict, action: str | None = None) -> requests.Response:
        fields = {**self.form(path, action), **changes}
        return self.session.post(
            self.base + (action or path), data=fields, allow_redirects=False, timeout=30
        )

    def log_in(self, username: str, password: str) -> requests.Response:
        return self.submit("/login", {"username": username, "password": password})
