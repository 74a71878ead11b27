"""pyproject.toml keeps working with the setuptools of 2027 (PEP 639 licence metadata)."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

PYPROJECT = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())


def test_license_is_an_spdx_expression():
    # setuptools deprecates the table form (license = { text = ... }) from 2027 on.
    assert isinstance(PYPROJECT["project"]["license"], str)


def test_build_needs_a_setuptools_that_reads_spdx_licences():
    (setuptools,) = [
        Requirement(r) for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")
    ]
    # setuptools 77 is the first to accept an SPDX string in project.license.
    assert not SpecifierSet(str(setuptools.specifier)).contains("76.9")
