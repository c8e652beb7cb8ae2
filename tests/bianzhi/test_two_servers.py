"""Two application servers, one PostgreSQL, one Redis and a task worker (README, 多台服务器).

Each server and the worker is a process of its own with its own BIANZHI_VAR_DIR, so nothing is
shared through a local disk: only the database, the cache (CACHE_URL) and the generated files'
storage (BIANZHI_GENERATED_ROOT, standing for a shared store). A change made on server A is seen at
once on server B, and an export asked of A and built by the worker is downloaded from B.

Runs where .ci/run (or you) gives a Redis to use: BIANZHI_TEST_REDIS_URL, e.g.
redis://127.0.0.1:6379/5; keys are written under a prefix of the run's own and removed after.
"""

import io
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from bianzhi.models import ExportJob, ExportStatus
from tests.kit import builders
from tests.kit.pages import TableParser
from tests.kit.world import build_world

REDIS_ENV = "BIANZHI_TEST_REDIS_URL"
PASSWORD = "two-servers-2026"
MANAGE = Path(django_settings.BASE_DIR) / "manage.py"
STARTUP_SECONDS = 90
EXPORT_SECONDS = 120
# What settings.py reads: none may leak in from the shell that runs the suite.
SETTINGS_PREFIXES = (
    "BIANZHI_", "DJANGO_", "DATABASE_URL", "CACHE_URL", "MEDIA_", "AWS_", "DEBUG", "HTTPS",
    "SECURE_", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_", "CONN_MAX_AGE", "STATIC_ROOT",
)  # fmt: skip


def redis_url() -> str:
    return os.environ.get(REDIS_ENV, "").strip()


def redis_refusal() -> str:
    """Why the test cannot run here ("" when it can)."""
    url = redis_url()
    if not url:
        return f"没有可用的 Redis：设置 {REDIS_ENV}（.ci/run 会启动一个临时 Redis）"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as error:
        return f"{REDIS_ENV}={url} 无法连接：{type(error).__name__}"
    return ""


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="需要 PostgreSQL：多台服务器共用一个数据库"
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database (pytest-django's name for it, not the configured one)."""
    db = connection.settings_dict
    credentials = db["USER"] or ""
    if db.get("PASSWORD"):
        credentials += f":{db['PASSWORD']}"
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


class Cluster:
    """The processes of one test: ``start`` one, ``stop`` all, ``logs`` for a failure."""

    def __init__(self, root: Path, cache_prefix: str):
        self.root = root
        self.shared = root / "shared"
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.cache_prefix = cache_prefix

    def env(self, name: str) -> dict:
        env = {
            key: value for key, value in os.environ.items() if not key.startswith(SETTINGS_PREFIXES)
        }
        env.update(
            DJANGO_SETTINGS_MODULE="bianzhi.settings",
            DEBUG="1",
            # The keys this process wrote the rows with (ID numbers are encrypted at rest).
            SECRET_KEY=django_settings.SECRET_KEY,
            BIANZHI_ID_KEY=django_settings.ID_KEY,
            BIANZHI_ID_INDEX_KEY=django_settings.ID_INDEX_KEY,
            DATABASE_URL=database_url(),
            CACHE_URL=redis_url(),
            BIANZHI_CACHE_PREFIX=self.cache_prefix,
            BIANZHI_VAR_DIR=str(self.root / name / "var"),
            BIANZHI_GENERATED_ROOT=str(self.shared / "generated"),
            MEDIA_ROOT=str(self.shared / "media"),
            BIANZHI_TASK_BACKEND="django_tasks_db.DatabaseBackend",
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self, name: str, *args: str) -> None:
        log = self.root / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, str(MANAGE), *args],
                env=self.env(name),
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=MANAGE.parent,
            )
        self.processes.append((name, process, log))

    def server(self, name: str) -> str:
        port = free_port()
        self.start(name, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}")
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        for _, process, _ in self.processes:
            process.terminate()
        for _, process, _ in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{log.read_text(errors='replace')[-3000:]}"
            for name, _, log in self.processes
        )


@pytest.fixture
def cluster(tmp_path, transactional_db):
    refusal = redis_refusal()
    if refusal:
        pytest.skip(refusal)
    prefix = f"bianzhi-test-{uuid.uuid4().hex[:12]}"
    running = Cluster(tmp_path, prefix)
    yield running
    # Stopped before pytest-django empties the tables: the servers hold connections.
    running.stop()
    import redis

    client = redis.Redis.from_url(redis_url())
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def wait_until_up(session, base: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if session.get(f"{base}{reverse('login')}", timeout=5).status_code == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{base} did not start\n{cluster.logs()}")


def post(session, url: str, data: dict):
    """A form post as the browser sends it: with the CSRF token of the cookie."""
    token = session.cookies.get("csrftoken")
    return session.post(
        url, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=60
    )


def table_rows(html: str) -> list[list[str]]:
    parser = TableParser()
    parser.feed(html)
    return [row for table in parser.tables for row in table]


def administrative_total(session, base: str) -> str:
    """The control total (控制总数) of 行政编制 on 总量控制 as a server shows it."""
    response = session.get(f"{base}{reverse('staffing:region_totals')}", timeout=60)
    assert response.status_code == 200, response.text[:2000]
    (row,) = [row for row in table_rows(response.text) if row and row[0] == "行政编制"]
    return row[1]


def test_a_change_on_one_server_is_seen_on_the_other_and_exports_cross_servers(cluster, settings):
    import redis
    import requests

    world = build_world()
    staff = world.users["office_staff"]
    # The servers know only the project's password hashers (the suite's fast one is not there).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    staff.set_password(PASSWORD)
    staff.save()
    document = builders.document(world.sibling)
    builders.staff(builders.quota(world.sibling, 3), 2)

    server_a = cluster.server("a")
    server_b = cluster.server("b")
    cluster.start("worker", "db_worker", "--interval", "0.2", "--no-startup-delay")
    session = requests.Session()
    for base in (server_a, server_b):
        wait_until_up(session, base, cluster)

    # Signed in on A; the session is in the database, so B knows it too.
    login = post(
        session,
        f"{server_a}{reverse('login')}",
        {"username": staff.username, "password": PASSWORD},
    )
    assert login.status_code == 302, cluster.logs()
    assert administrative_total(session, server_b) == "未设定"
    assert administrative_total(session, server_a) == "未设定"
    cached = redis.Redis.from_url(redis_url()).keys(
        f"{cluster.cache_prefix}:*figures:region_totals*"
    )
    assert cached, "the region figures are cached in the shared Redis"

    changed = post(
        session,
        f"{server_a}{reverse('staffing:region_total_set')}",
        {
            "region": world.region.pk,
            "establishment_type": "administrative",
            "total": "20",
            "document": document.number,
            "reason": "上级核定编制总量",
        },
    )
    assert changed.status_code == 302, changed.text[:3000]
    assert administrative_total(session, server_b) == "20"

    # An export asked of A, built by the worker, downloaded from B.
    started = post(session, f"{server_a}{reverse('exports:start', args=['roster'])}", {})
    assert started.status_code == 302, started.text[:3000]
    job = ExportJob.objects.get(user=staff)
    deadline = time.monotonic() + EXPORT_SECONDS
    while job.status not in (ExportStatus.DONE, ExportStatus.FAILED):
        assert time.monotonic() < deadline, f"the worker did not finish\n{cluster.logs()}"
        time.sleep(0.5)
        job.refresh_from_db()
    assert job.status == ExportStatus.DONE, f"{job.error}\n{cluster.logs()}"
    download = session.get(f"{server_b}{reverse('exports:download', args=[job.pk])}", timeout=60)
    assert download.status_code == 200, cluster.logs()
    assert re.search(r"attachment", download.headers["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).worksheets[0]
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert {"职工1", "职工2"} <= names
    # Written to the shared store only: no server or worker kept it on its own disk.
    assert list((cluster.shared / "generated" / "exports").glob("*.xlsx"))
    for name in ("a", "b", "worker"):
        assert not (cluster.root / name / "var" / "exports").exists()
