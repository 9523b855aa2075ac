from qingmiao.api.tests.conftest import _fresh_rate_limits, api  # noqa: F401
