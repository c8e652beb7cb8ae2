"""Settings are read once at start-up, so each case runs ``manage.py`` in a fresh process with a
controlled environment instead of patching the settings of this test process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables settings.py reads; none may leak in from the developer's or CI's shell.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "BIANZHI_VAR_DIR",
    "BIANZHI_OFFICE_NAME",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "HTTPS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "LOG_LEVEL",
    "BIANZHI_SAMPLEDATA",
    "BIANZHI_ID_KEY",
    "BIANZHI_ID_KEYS_OLD",
    "BIANZHI_ID_INDEX_KEY",
    "BIANZHI_VERIFY_BASE_URL",
    "CACHE_URL",
    "BIANZHI_CACHE_PREFIX",
    "BIANZHI_STORAGE",
    "BIANZHI_GENERATED_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)

PRODUCTION_SECRET_KEY = "k7#Qv2pL!x9mZr4Tg8wN0sYb3Hc6Jd1Fe5Ua-Oi_Pq+Rs=Vt%Wy^Xz&Ab*Cd(Ef)Gh"
PRODUCTION_HOSTS = "bianzhi.example.gov.cn"
PRODUCTION_VERIFY_BASE = "https://bianzhi.example.gov.cn"
# 身份证号加密存储: a Fernet key and an index key, both required in production.
PRODUCTION_ID_KEYS = {
    "BIANZHI_ID_KEY": "Qm9ndXMta2V5LW9ubHktZm9yLXRoZS10ZXN0cy0zMmI=",
    "BIANZHI_ID_INDEX_KEY": "9f2c4e1a7b6d3e8f0a5c2b9d4e7f1a3c6b8d0e2f4a6c8e0b2d4f6a8c0e2b4d6f",
}


def manage(*args: str, id_keys: bool = True, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "bianzhi.settings"
    if id_keys:
        env.update(PRODUCTION_ID_KEYS)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_settings(*names: str, **environment: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = manage("shell", "-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mode_refuses_to_start_without_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS=PRODUCTION_HOSTS)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "生产模式（DEBUG=0）必须设置 SECRET_KEY 环境变量" in result.stderr


def test_production_mode_refuses_a_short_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="too-short", ALLOWED_HOSTS=PRODUCTION_HOSTS)

    assert result.returncode != 0
    assert "必须设置 SECRET_KEY 环境变量，且长度不少于 50 个字符" in result.stderr


def test_production_mode_refuses_to_start_without_the_id_number_keys():
    result = manage(
        "check",
        id_keys=False,
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS=PRODUCTION_HOSTS,
    )

    assert result.returncode != 0
    assert "必须设置 BIANZHI_ID_KEY 和 BIANZHI_ID_INDEX_KEY 环境变量" in result.stderr


def test_production_mode_refuses_to_start_without_allowed_hosts():
    result = manage("check", DEBUG="0", SECRET_KEY=PRODUCTION_SECRET_KEY)

    assert result.returncode != 0
    assert "生产模式（DEBUG=0）必须设置 ALLOWED_HOSTS 环境变量" in result.stderr


def test_production_mode_passes_the_deployment_checklist_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS=PRODUCTION_HOSTS,
        BIANZHI_VERIFY_BASE_URL=PRODUCTION_VERIFY_BASE,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_mode_reads_hosts_and_trusted_origins_from_the_environment():
    values = read_settings(
        "DEBUG",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS="bianzhi.example.gov.cn, 10.0.0.5",
        CSRF_TRUSTED_ORIGINS="https://bianzhi.example.gov.cn",
    )

    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["bianzhi.example.gov.cn", "10.0.0.5"],
        "CSRF_TRUSTED_ORIGINS": ["https://bianzhi.example.gov.cn"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_a_plain_http_intranet_can_switch_secure_cookies_off():
    values = read_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS="10.0.0.5",
        HTTPS="0",
    )

    assert values == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
    }


def test_without_any_variable_it_is_production_and_refuses_to_start():
    result = manage("check")

    assert result.returncode != 0
    assert "生产模式（DEBUG=0）必须设置 SECRET_KEY 环境变量" in result.stderr
    assert "开发时请设置 DEBUG=1" in result.stderr


def test_checking_for_missing_migrations_needs_no_production_secrets():
    result = manage("makemigrations", "--check", "--dry-run", id_keys=False)

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_is_on_only_when_asked_for():
    values = read_settings(
        "DEBUG", SECRET_KEY=PRODUCTION_SECRET_KEY, ALLOWED_HOSTS=PRODUCTION_HOSTS
    )

    assert values["DEBUG"] is False


def test_make_run_sets_development_mode():
    makefile = (REPO_ROOT / "Makefile").read_text()

    assert "run: export DEBUG = 1" in makefile


def test_with_debug_it_is_a_laptop_on_sqlite_in_wal_mode_with_immediate_transactions():
    values = read_settings("DEBUG", "DATABASES", DEBUG="1")

    assert values["DEBUG"] is True
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_hsts_covers_subdomains_and_preload_only_when_opted_in():
    production = {
        "DEBUG": "0",
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ALLOWED_HOSTS": PRODUCTION_HOSTS,
    }
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")

    default = read_settings(*names, **production)
    opted_in = read_settings(
        *names, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1", **production
    )

    assert default == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
    }
    assert opted_in["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert opted_in["SECURE_HSTS_PRELOAD"] is True


def test_the_deployment_checklist_is_clean_with_hsts_opted_in_too():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS=PRODUCTION_HOSTS,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
        BIANZHI_VERIFY_BASE_URL=PRODUCTION_VERIFY_BASE,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_selects_postgresql(scheme):
    values = read_settings(
        "DATABASES",
        DEBUG="1",
        DATABASE_URL=f"{scheme}://bianzhi@db.example.internal:5432/bianzhi",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.example.internal",
        5432,
        "bianzhi",
        "bianzhi",
    )


def test_language_and_time_zone_are_chinese():
    values = read_settings("LANGUAGE_CODE", "TIME_ZONE", "USE_TZ", DEBUG="1")

    assert values == {"LANGUAGE_CODE": "zh-hans", "TIME_ZONE": "Asia/Shanghai", "USE_TZ": True}


def test_office_name_comes_from_the_environment():
    values = read_settings("BIANZHI", DEBUG="1", BIANZHI_OFFICE_NAME="某某县机构编制委员会办公室")

    assert values["BIANZHI"]["OFFICE_NAME"] == "某某县机构编制委员会办公室"


def test_sample_data_is_installed_unless_an_install_leaves_it_out():
    assert "sampledata" in read_settings("INSTALLED_APPS", DEBUG="1")["INSTALLED_APPS"]
    left_out = read_settings("INSTALLED_APPS", DEBUG="1", BIANZHI_SAMPLEDATA="0")
    assert "sampledata" not in left_out["INSTALLED_APPS"]


def test_without_sample_data_every_module_loads_and_the_demo_commands_are_gone():
    code = (
        "import importlib, json, pkgutil, sys\n"
        "from django.core.management import get_commands\n"
        "for app in ('bianzhi', 'orgs', 'staffing', 'people', 'certificates'):\n"
        "    package = importlib.import_module(app)\n"
        "    for module in pkgutil.walk_packages(package.__path__, app + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "print(json.dumps({\n"
        "    'loaded': sorted(name for name in sys.modules if name.startswith('sampledata')),\n"
        "    'commands': sorted({'load_demo', 'generate_city'} & set(get_commands())),\n"
        "}))\n"
    )
    result = manage("shell", "-c", code, DEBUG="1", BIANZHI_SAMPLEDATA="0")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"loaded": [], "commands": []}


# --- several servers (README, 多台服务器) ---


def test_one_server_keeps_its_cache_and_files_on_its_own_disk(tmp_path):
    found = read_settings("CACHES", "STORAGES", DEBUG="1", BIANZHI_VAR_DIR=str(tmp_path))

    assert found["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")
    assert found["CACHES"]["default"]["LOCATION"] == str(tmp_path / "cache")
    assert found["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert found["STORAGES"]["generated"]["BACKEND"] == "bianzhi.files.GeneratedFileStorage"


def test_cache_url_selects_djangos_redis_cache():
    found = read_settings("CACHES", DEBUG="1", CACHE_URL="redis://10.0.0.5:6379/0")

    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["CACHES"]["default"]["LOCATION"] == "redis://10.0.0.5:6379/0"


def test_a_cache_url_other_than_redis_is_refused_without_its_password():
    result = manage("check", DEBUG="1", CACHE_URL="memcached://user:secret@10.0.0.5:11211")

    assert result.returncode != 0
    assert "CACHE_URL 只支持 Redis" in result.stderr and "secret" not in result.stderr


def test_s3_storage_builds_both_storages_in_one_bucket():
    code = (
        "import json; from django.core.files.storage import storages\n"
        "print(json.dumps({name: [type(storages[name]).__name__, storages[name].bucket_name,"
        " storages[name].location, storages[name].endpoint_url]"
        " for name in ('default', 'generated')}))"
    )
    result = manage(
        "shell",
        "-c",
        code,
        DEBUG="1",
        BIANZHI_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="bianzhi-files",
        AWS_S3_ENDPOINT_URL="http://minio.example.gov.cn:9000",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "default": ["S3Storage", "bianzhi-files", "media", "http://minio.example.gov.cn:9000"],
        "generated": [
            "S3Storage",
            "bianzhi-files",
            "generated",
            "http://minio.example.gov.cn:9000",
        ],
    }


def test_s3_storage_needs_a_bucket_and_backups_stay_on_local_files(tmp_path):
    refused = manage("check", DEBUG="1", BIANZHI_STORAGE="s3")
    assert refused.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in refused.stderr

    backup = manage(
        "backup",
        "--output",
        str(tmp_path),
        DEBUG="1",
        BIANZHI_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="bianzhi-files",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert backup.returncode != 0 and "对象存储" in backup.stderr
