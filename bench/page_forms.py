"""What a browser would submit from a page: its POST forms, field by field."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

from werkzeug.datastructures import MultiDict


class PostForm(HTMLParser):
    """What a browser submits from a page's POST forms: {action: fields}."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: dict[str, MultiDict] = {}
        self._fields = self._select = self._text = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._fields = self.forms.setdefault(attrs.get("action") or "", MultiDict())
        elif self._fields is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" in attrs:
                self._fields.add(attrs["name"], attrs.get("value", "on"))
            elif kind not in ("checkbox", "radio", "submit", "button", "file", "image"):
                self._fields.add(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = SimpleNamespace(
                name=attrs.get("name"), multiple="multiple" in attrs, options=[], chosen=[]
            )
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.chosen.append(attrs.get("value", ""))
        elif tag == "textarea":
            self._text = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._text is not None:
            self._text[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            chosen = self._select.chosen or (
                [] if self._select.multiple else self._select.options[:1]
            )
            for value in chosen:
                self._fields.add(self._select.name, value)
            self._select = None
        elif tag == "textarea" and self._text is not None and self._fields is not None:
            name, text = self._text
            self._fields.add(name, text.removeprefix("\r\n").removeprefix("\n"))
            self._text = None
