# The residents' fixtures (accounts, a comments module) serve the core's resident-facing tests.
from tests.participation.residents.conftest import *  # noqa: F403 -- shared fixtures by design
