"""Print the dependencies of pyproject.toml (runtime and test), one argument each, for pip."""

import shlex
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
requirements = project["dependencies"] + project["optional-dependencies"]["test"]
print(" ".join(shlex.quote(requirement) for requirement in requirements))
