# The residents' fixtures (accounts, a comments module, language and cache resets) serve here too.
from tests.participation.residents.conftest import *  # noqa: F403 -- shared fixtures by design
