"""Print the dependencies of pyproject.toml (runtime, test and dev), one argument each, for pip."""

import shlex
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
extras = project["optional-dependencies"]
requirements = project["dependencies"] + extras["test"] + extras["dev"]
print(" ".join(shlex.quote(requirement) for requirement in requirements))
