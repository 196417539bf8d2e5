"""Root test configuration: load plugins that must be declared in the rootmost conftest."""

# pytester drives inner pytest runs in the blocking-IO gate's health tests.
pytest_plugins = ["pytester"]
