"""The import layers checked by `lint-imports` (pyproject.toml) cover every app of the project."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

CONFIG = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"][
    "importlinter"
]


def project_apps() -> set[str]:
    """The apps whose code is this repository's (not installed packages, even in a local venv)."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    }


def test_every_app_is_analysed_and_has_a_layer():
    (layers,) = [c["layers"] for c in CONFIG["contracts"] if c["type"] == "layers"]
    # "a | b": independent apps sharing one layer.
    layered = {app.strip(" ()") for layer in layers for app in layer.split("|")}
    missing = project_apps() - set(CONFIG["root_packages"])
    assert not missing, f"add {sorted(missing)} to [tool.importlinter] root_packages"
    missing = project_apps() - layered
    assert not missing, f"give {sorted(missing)} a layer in the layers contract"
