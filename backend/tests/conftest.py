"""Root test configuration: plugins that must be declared in the rootmost conftest, and the
fixtures that reset process-wide state between tests.

The runtime-record plugin is registered here, not in tests/blocking_io/conftest.py, because the
pytest-xdist controller loads only this conftest and must merge the workers' parts. Disable it
with `-p no:blocking-io-record`.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from blocking_io.config import load_config
from blocking_io.runtime.recording import RECORD_PLUGIN_NAME, RecordPlugin
from deerflow.skills import clear_skill_storage_cache

# pytester drives inner pytest runs in the blocking-IO gate's health tests.
pytest_plugins = ["pytester"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the runtime-record plugin once (unless blocked with `-p no:blocking-io-record`)."""
    if not config.pluginmanager.has_plugin(RECORD_PLUGIN_NAME):
        project = load_config(Path(__file__))
        plugin = RecordPlugin(project.root, project.data_dir, project.findings_file)
        config.pluginmanager.register(plugin, RECORD_PLUGIN_NAME)


@pytest.fixture(autouse=True)
def _fresh_skill_storage_cache() -> Iterator[None]:
    """Start and end every test with an empty skill-storage cache.

    `get_or_new_skill_storage` caches storages per root for the whole process, so a storage made
    by one test would otherwise leak into the next.
    """
    clear_skill_storage_cache()
    yield
    clear_skill_storage_cache()
