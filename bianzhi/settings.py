"""Settings for bianzhi, driven by environment variables.

Production is the default: without ``DEBUG=1`` it refuses to start unless a real ``SECRET_KEY``,
``ALLOWED_HOSTS`` and the ID-number keys ``BIANZHI_ID_KEY`` and ``BIANZHI_ID_INDEX_KEY`` are given.
``DEBUG=1`` (what ``make run`` and the tests set) is a laptop: SQLite in ``db.sqlite3`` beside
manage.py, a development key. ``HTTPS=0`` serves a plain-HTTP intranet (cookies not secure-only).
``BIANZHI_SAMPLEDATA=0`` leaves out the sample data (the load_demo and generate_city commands).
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BIANZHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# Off unless asked for: a server started without the variable must not show tracebacks.
DEBUG = env_bool("DEBUG", False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

if not DEBUG:
    if SECRET_KEY == _DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "生产模式（DEBUG=0）必须设置 SECRET_KEY 环境变量，且长度不少于 50 个字符。"
            "开发时请设置 DEBUG=1（make run 已设置）。"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "生产模式（DEBUG=0）必须设置 ALLOWED_HOSTS 环境变量。开发时请设置 DEBUG=1（make run 已设置）。"
        )

# ID numbers at rest (people.idcrypto): a Fernet key encrypts them, a separate HMAC key makes the
# blind index that finds a number and keeps it unique. Old Fernet keys (comma-separated) still
# decrypt until ``rotate_id_key`` has re-encrypted every row. A laptop derives both from SECRET_KEY.
ID_KEY = os.environ.get("BIANZHI_ID_KEY", "")
ID_KEYS_OLD = env_list("BIANZHI_ID_KEYS_OLD")
ID_INDEX_KEY = os.environ.get("BIANZHI_ID_INDEX_KEY", "")
if not DEBUG and not (ID_KEY and ID_INDEX_KEY):
    raise ImproperlyConfigured(
        "生产模式（DEBUG=0）必须设置 BIANZHI_ID_KEY 和 BIANZHI_ID_INDEX_KEY 环境变量"
        "（身份证号加密存储的密钥）。"
    )
if not ID_KEY:
    ID_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(f"bianzhi-id-key:{SECRET_KEY}".encode()).digest()
    ).decode()
if not ID_INDEX_KEY:
    ID_INDEX_KEY = hashlib.sha256(f"bianzhi-id-index-key:{SECRET_KEY}".encode()).hexdigest()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "bianzhi",
    "attachments",
    "orgs",
    "staffing",
    "people",
    "schools",
    "hospitals",
    "plans",
    "reclaims",
    "confirmations",
    "funding",
    "certificates",
    "checks",
    "cases",
    "payroll",
    "oversight",
    "assessments",
    "followups",
    "search",
    "accounts",
    "api",
    "exchange",
    "axes",
]
# The demo county and the generated city (load_demo, generate_city). On by default so a laptop
# and the tests have them; a production install sets BIANZHI_SAMPLEDATA=0 to leave them out.
if env_bool("BIANZHI_SAMPLEDATA", True):
    INSTALLED_APPS.append("sampledata")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.AccountSessionMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bianzhi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bianzhi.context_processors.navigation",
                "people.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "bianzhi.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The registry's grouped queries with correlated subqueries cost above the JIT threshold
    # while running in milliseconds; compiling them took seconds (the self-check: 3.7 s of JIT
    # for 80 ms of work).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# --- SQLite, the embedded default (one office, a few dozen users; PostgreSQL beyond that) ---
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Writers wait for each other (up to 20 s) instead of failing with "database is locked":
        # a deferred transaction that read first cannot wait for the lock, an immediate one
        # takes it at BEGIN. WAL lets pages be read while someone writes.
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# --- end SQLite ---

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Letters and digits; at least 10 characters for the office and superusers (等保 2.0).
    {"NAME": "accounts.passwords.LettersAndDigitsValidator"},
]

LANGUAGE_CODE = "zh-hans"
# The one language offered: a browser asking for English still gets Django's own messages (a
# required field, a bad date) in Chinese.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Generated files (ledger exports, web import uploads and their marked error workbooks) are
# written by the task worker and downloaded through whichever server the browser reaches: with
# several servers this is a shared directory (or the S3 bucket below), not each one's VAR_DIR.
# Unset: VAR_DIR (bianzhi.files).
GENERATED_ROOT = os.environ.get("BIANZHI_GENERATED_ROOT") or None

# --- Files: Django's storage API (several servers: see README, 多台服务器) ---
# ``default``: uploaded and issued files (attachments, scans, certificate PDFs; MEDIA_ROOT);
# ``generated``: the files above. Neither is served by URL: views check the user's scope and
# stream them. BIANZHI_STORAGE=s3 keeps both in one S3-compatible bucket (MinIO, a cloud's
# object storage) through django-storages, under the prefixes media/ and generated/.
FILE_STORAGE = os.environ.get("BIANZHI_STORAGE", "local").strip().lower() or "local"
if FILE_STORAGE == "local":
    _file_storages = {
        # Under MEDIA_ROOT and GENERATED_ROOT (or VAR_DIR), read when used.
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "generated": {"BACKEND": "bianzhi.files.GeneratedFileStorage"},
    }
elif FILE_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "BIANZHI_STORAGE=s3 需要设置 AWS_STORAGE_BUCKET_NAME（存储桶名称）。"
        )
    # AWS_S3_ENDPOINT_URL for MinIO or a government cloud; without keys boto3 looks for
    # credentials its usual ways (an instance role, ~/.aws).
    _s3_options = {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        # Private objects; a file never gets a public URL, and an existing name is never
        # overwritten (Django picks another, as on disk).
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    _file_storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "media"},
        },
        "generated": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "generated"},
        },
    }
else:
    raise ImproperlyConfigured(f"BIANZHI_STORAGE 只能是 local 或 s3（当前：{FILE_STORAGE}）。")
STORAGES = {
    **_file_storages,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# --- end files ---

# Region-wide figures are cached until their data changes (bianzhi.figures_cache); a file cache is
# shared by every worker process of one server, so a city's overview is computed once, not per
# worker, and needs no cache server. Several servers share one Redis instead (CACHE_URL, e.g.
# redis://10.0.0.5:6379/0): the figures, the page counts, the ID look-up refusals (rule 14) and
# the API's throttling then count across servers. The cache's keys hold the data's versions, so
# no server ever serves figures older than the database.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if not CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
        }
    }
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("BIANZHI_CACHE_PREFIX", "bianzhi"),
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL 只支持 Redis（redis://、rediss:// 或 unix://），当前：{CACHE_URL.split('@')[-1]}"
    )

# 数据共享接口 (api): read-only, token per partner system, throttled per token (docs/api.md).
REST_FRAMEWORK = {
    # Each endpoint names its own (api.base): none is open by default.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"partner": os.environ.get("BIANZHI_API_RATE", "600/minute")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "机构编制实名制管理 · 数据共享接口",
    "DESCRIPTION": "供组织、人社、财政等部门系统只读调用；凭编办管理员发放的令牌访问（见 docs/api.md）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "orgs:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

FILTERS_EMPTY_CHOICE_LABEL = "全部"

DJANGO_TABLES2_TEMPLATE = "generic/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

# Local practice varies; these are the defaults named in domain.md.
BIANZHI = {
    "OFFICE_NAME": os.environ.get("BIANZHI_OFFICE_NAME", "示例县机构编制委员会办公室"),
    "LIST_PAGE_SIZE": 25,
    # 核准使用编制通知单编号, e.g. 示编用〔2026〕第001号
    "PERMIT_NUMBER_PREFIX": os.environ.get("BIANZHI_PERMIT_PREFIX", "示编用"),
    "PERMIT_NUMBER_FORMAT": "{prefix}〔{year}〕第{serial:03d}号",
    # Rule 9: a change is due this many days after it occurred; a kind may have its own period,
    # e.g. {"exit": 15}. Kinds: permit, entry, exit, transfer, appointment, dismissal, correction.
    "REPORTING_DAYS": int(os.environ.get("BIANZHI_REPORTING_DAYS", 30)),
    "REPORTING_DAYS_BY_KIND": {},
    # A clerk is reminded of a change this many days before it falls due.
    "DEADLINE_WARNING_DAYS": 7,
    # 《机构编制管理证》: days the roster is publicised before issue, and the serial number,
    # unique per region and year, e.g. 示编证〔2026〕第0001号.
    "PUBLICITY_DAYS": int(os.environ.get("BIANZHI_PUBLICITY_DAYS", 7)),
    "CERTIFICATE_NUMBER_PREFIX": os.environ.get("BIANZHI_CERTIFICATE_PREFIX", "示编证"),
    "CERTIFICATE_NUMBER_FORMAT": "{prefix}〔{year}〕第{serial:04d}号",
    # Where the QR code of a printed certificate leads (the public verification page). It is
    # frozen into every certificate and its hashed PDF: in production (DEBUG=0) certificates are
    # refused, and `check --deploy` fails, while it is unset or a loopback address.
    "VERIFY_BASE_URL": os.environ.get("BIANZHI_VERIFY_BASE_URL", "http://127.0.0.1:8000"),
    "VERIFY_BASE_REQUIRED": not DEBUG,
    # Rule 14: a unit's user whose ID-number look-ups (adding an entry) were refused this many
    # times within an hour is refused further look-ups until the hour is over.
    "ID_LOOKUP_REFUSALS_PER_HOUR": int(os.environ.get("BIANZHI_ID_LOOKUP_REFUSALS_PER_HOUR", 10)),
    # Rule 24: the permits a year's 用编进人计划 issues expire at the end of the plan year, or this
    # many months later (e.g. 3, where examinations end in the spring).
    "PLAN_PERMIT_GRACE_MONTHS": int(os.environ.get("BIANZHI_PLAN_PERMIT_GRACE_MONTHS", 0)),
}

# Excel imports: web uploads are read by the task worker (with a time limit, below) within these
# limits, large enough for a city's roster (about 190,000 rows); the command line (import_roster,
# import_institutions) takes larger files. Zip bombs are refused by the expanded size and
# compression ratio declared in the zip directory, before any parsing.
BIANZHI.update(
    IMPORT_MAX_UPLOAD_BYTES=int(os.environ.get("BIANZHI_IMPORT_MAX_MB", 50)) * 2**20,
    IMPORT_MAX_EXPANDED_BYTES=1024 * 2**20,
    IMPORT_COMMAND_MAX_BYTES=1024 * 2**20,
    IMPORT_COMMAND_MAX_EXPANDED_BYTES=4096 * 2**20,
    IMPORT_MAX_COMPRESSION_RATIO=100,
)
# Web uploads also stop at these many rows and cells (header search and blank rows included),
# and a scan (批准文件扫描件) at this size (bianzhi.uploads).
BIANZHI.update(
    IMPORT_MAX_ROWS=int(os.environ.get("BIANZHI_IMPORT_MAX_ROWS", 250_000)),
    IMPORT_MAX_CELLS=int(os.environ.get("BIANZHI_IMPORT_MAX_CELLS", 8_000_000)),
    UPLOAD_MAX_BYTES=int(os.environ.get("BIANZHI_UPLOAD_MAX_MB", 20)) * 2**20,
)
# An upload read within the request (the unit clerk's roster of one unit) stops much earlier.
BIANZHI.update(
    IMPORT_REQUEST_MAX_UPLOAD_BYTES=10 * 2**20,
    IMPORT_REQUEST_MAX_EXPANDED_BYTES=200 * 2**20,
    IMPORT_REQUEST_MAX_ROWS=20_000,
    IMPORT_REQUEST_MAX_CELLS=1_000_000,
)

# --- Content-Security-Policy (django-csp) ---
# Scripts and styles only from our own static files: no inline <script>, on*="" handler,
# javascript: URL or style="" attribute anywhere (static/js/bianzhi.js binds the behaviour). The
# print views' inline stylesheet (shared with the PDF) carries the request's nonce. Bootstrap's
# stylesheet draws some icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# --- end Content-Security-Policy ---

# --- Data hygiene: export jobs per user ---
# Queued or running exports one user may have at once; a job older than the stale limit no longer
# counts (its worker died).
BIANZHI.update(
    EXPORT_JOBS_PER_USER=int(os.environ.get("BIANZHI_EXPORT_JOBS_PER_USER", 2)),
    EXPORT_JOB_STALE_MINUTES=60,
)
# Web imports run in the task worker too (bianzhi.imports.jobs): at most this many queued or
# running per user; one stops after IMPORT_TIME_LIMIT_SECONDS (nothing written) and reports its
# progress every IMPORT_PROGRESS_EVERY_ROWS rows.
BIANZHI.update(
    IMPORT_JOBS_PER_USER=int(os.environ.get("BIANZHI_IMPORT_JOBS_PER_USER", 2)),
    IMPORT_JOB_STALE_MINUTES=60,
    IMPORT_TIME_LIMIT_SECONDS=int(os.environ.get("BIANZHI_IMPORT_TIME_LIMIT_SECONDS", 900)),
    IMPORT_PROGRESS_EVERY_ROWS=500,
)
# --- end data hygiene ---

# Offices on an intranet without certificates set HTTPS=0; `check --deploy` then warns, rightly.
HTTPS = env_bool("HTTPS", not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    # Opt-in: both reach every host under the parent domain, and other intranet hosts there
    # often serve plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # `check --deploy` asks for both; leaving them off is the decision above, not an oversight.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, opted_in in (
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        )
        if not opted_in
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background work (ledger exports): django-tasks with its database backend; `manage.py db_worker`
# runs the tasks (`make run` starts it beside runserver). Tests use the immediate backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("BIANZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Accounts and sign-in (accounts app, django-axes) ----------------------------------------
# Lockout: a user name and, separately, an address are locked for BIANZHI_LOCKOUT_MINUTES after
# BIANZHI_LOCKOUT_FAILURES failed sign-ins; the office admin lifts a lockout on the account pages.
# Behind nginx set BIANZHI_PROXY_COUNT=1 so the client's address (X-Forwarded-For), not the
# proxy's, is counted. A session ends after BIANZHI_SESSION_IDLE_MINUTES without a request and
# BIANZHI_SESSION_MAX_HOURS after sign-in whatever happens.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("BIANZHI_LOCKOUT", True)
AXES_FAILURE_LIMIT = int(os.environ.get("BIANZHI_LOCKOUT_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("BIANZHI_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accounts.lockouts.client_ip"
# The application keeps its own login log (accounts.LoginEvent).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
BIANZHI_PROXY_COUNT = int(os.environ.get("BIANZHI_PROXY_COUNT", 0))

SESSION_COOKIE_AGE = int(os.environ.get("BIANZHI_SESSION_IDLE_MINUTES", 30)) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = int(float(os.environ.get("BIANZHI_SESSION_MAX_HOURS", 12)) * 60 * 60)

# 访问日志 (bianzhi.access_log): entries are kept this many days; prune_exports never removes
# younger ones, and a value below 180 counts as 180 (等保 2.0).
BIANZHI["ACCESS_LOG_KEEP_DAYS"] = int(os.environ.get("BIANZHI_ACCESS_LOG_KEEP_DAYS", 180))

# --- 空编收回 (reclaims, rule 25) ---
# A line's available vacancy (H − A − R) is proposed for reclaiming into the region's pool when it
# was already vacant RECLAIM_VACANT_MONTHS ago (长期空编), when it exceeds RECLAIM_VACANT_SHARE of
# the line's quota (超比例空编), or when an exit left it within the last RECLAIM_EXIT_DAYS (the scan
# catches exits the services did not see, e.g. imports). A vacancy the office kept (保留) is not
# proposed again for RECLAIM_KEEP_MONTHS unless it grows.
BIANZHI.update(
    RECLAIM_VACANT_MONTHS=int(os.environ.get("BIANZHI_RECLAIM_VACANT_MONTHS", 12)),
    RECLAIM_VACANT_SHARE=float(os.environ.get("BIANZHI_RECLAIM_VACANT_SHARE", 0.2)),
    RECLAIM_EXIT_DAYS=30,
    RECLAIM_KEEP_MONTHS=int(os.environ.get("BIANZHI_RECLAIM_KEEP_MONTHS", 12)),
)

# --- 跟踪问效 (followups, rules 40–41) ---
# Matters approved within FOLLOWUP_LOOKBACK_MONTHS are followed up 6 months and 1 year after
# approval; a total below FOLLOWUP_PASS_MARK proposes 撤并 or 核减.
BIANZHI.update(
    FOLLOWUP_LOOKBACK_MONTHS=int(os.environ.get("BIANZHI_FOLLOWUP_LOOKBACK_MONTHS", 18)),
    FOLLOWUP_PASS_MARK=int(os.environ.get("BIANZHI_FOLLOWUP_PASS_MARK", 60)),
)

# --- 违规案件 (cases, rules 34 and 35) ---
# A report is due CASE_DAYS after intake (the office may set another deadline at intake); cases
# are numbered per region and year, e.g. 编举〔2026〕第001号.
BIANZHI.update(
    CASE_DAYS=int(os.environ.get("BIANZHI_CASE_DAYS", 60)),
    CASE_NUMBER_PREFIX=os.environ.get("BIANZHI_CASE_PREFIX", "编举"),
)
