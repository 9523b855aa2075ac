import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The request rate limit is counted in the cache per user id; ids repeat from test to
    test, so start each test with an empty count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """api(user) → an APIClient acting as `user`; api() → an anonymous one."""

    def _client(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client
