# The API's token fixtures, for the 经费核定 endpoint's tests.
from tests.api.conftest import issue, partner  # noqa: F401
