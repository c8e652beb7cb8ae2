"""The load test's client: logged-in browsers over urllib (cookies, CSRF, forms as a browser
sends them, no redirects followed) and the statistics they record."""

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

HOST = "127.0.0.1"


class FormParser(HTMLParser):
    """The fields of the page's POST forms: name → value as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.actions: list[str] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
            self.actions.append(a.get("action") or "")
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self._form[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self._form.setdefault(name, "")
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a or not self._form[self._select]:
                self._form[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


class Browser:
    """One logged-in user: a cookie jar, CSRF handling, timing of every request."""

    def __init__(self, stats, port: int):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.stats = stats
        self.port = port

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path, data=None, label=None):
        url = f"http://{HOST}:{self.port}{path}"
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"X-CSRFToken": self._csrf(), "Referer": url} if data is not None else {}
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(url, body, headers), timeout=30) as r:
                status, text, location = (
                    r.status,
                    r.read().decode("utf-8"),
                    r.headers.get("Location"),
                )
        except urllib.error.HTTPError as error:
            status, text, location = (
                error.code,
                error.read().decode("utf-8", "replace"),
                error.headers.get("Location"),
            )
        except OSError:
            status, text, location = 0, "", None
        self.stats.record(label or path.split("?")[0], time.perf_counter() - started, status)
        return status, text, location

    def login(self, username, password):
        self.request("/login/", label="login")
        status, _, _ = self.request(
            "/login/", {"username": username, "password": password}, label="login"
        )
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")

    def form(self, path, label):
        status, text, _ = self.request(path, label=label)
        parser = FormParser()
        parser.feed(text)
        return status, (parser.forms[-1] if parser.forms else {}), text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.by_label: dict[str, list[float]] = {}
        self.errors: list[tuple[str, int]] = []
        self.events: dict[str, int] = {}
        self.recording = False

    def record(self, label, seconds, status):
        if not self.recording:
            return
        with self.lock:
            self.times.append(seconds * 1000)
            self.by_label.setdefault(label, []).append(seconds * 1000)
            if status == 0 or status >= 500 or status in (403, 404):
                self.errors.append((label, status))

    def count(self, event):
        with self.lock:
            self.events[event] = self.events.get(event, 0) + 1
