"""Root test configuration: plugins that must be declared in the rootmost conftest, and the
fixtures that reset process-wide state between tests."""

from collections.abc import Iterator

import pytest

from deerflow.skills import clear_skill_storage_cache

# pytester drives inner pytest runs in the blocking-IO gate's health tests.
pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _fresh_skill_storage_cache() -> Iterator[None]:
    """Start and end every test with an empty skill-storage cache.

    `get_or_new_skill_storage` caches storages per root for the whole process, so a storage made
    by one test would otherwise leak into the next.
    """
    clear_skill_storage_cache()
    yield
    clear_skill_storage_cache()
