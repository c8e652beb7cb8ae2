"""Every page but the few public ones (login, certificate verification) sends anonymous visitors to
the login page, whatever the method: nothing of the registry is shown or changed without a login."""

import pytest
from django.urls import reverse

from tests.kit.requested import url_patterns
from tests.kit.views import assert_redirects_to_login

GUARDED = [pattern for pattern in url_patterns() if not pattern.public]


@pytest.mark.parametrize("pattern", GUARDED, ids=lambda pattern: pattern.name)
def test_anonymous_visitors_are_sent_to_the_login_page(client, pattern):
    url = reverse(pattern.name, kwargs=pattern.sample_kwargs)
    assert_redirects_to_login(client.get(url))
    assert_redirects_to_login(client.post(url))
