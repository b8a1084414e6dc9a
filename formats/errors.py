"""One error layer for every problem found in what a user gives us.

Errors in user files are values: each :class:`Problem` knows the file, the
line and column (1-based, from the YAML node), the key path and a hint.  An
error carries *all* the problems found, and its class says what was wrong:

    InputError (alias RulebookError: ``except RulebookError`` catches them all)
    ├── FileError              a user file; the kind is not known yet (YAML syntax, size, encoding)
    │   ├── RulebookFileError
    │   ├── ScenarioFileError
    │   ├── PolicyFileError
    │   ├── ExerciseFileError
    │   └── ReportFileError    an All Orders report
    └── ArgumentError          a bad argument: an unknown name, an --out path that cannot be used

``str(error)`` is one ``FILE:LINE:COL: key.path: message (hint)`` line per
problem; the CLIs print it and exit with 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Self


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.path or '(document)'}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class InputError(Exception):
    """The base of every error about user input; carries *all* problems found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(
        cls, file: str, message: str, hint: str = "", line: int = 1, col: int = 1, path: str = ""
    ) -> Self:
        return cls([Problem(file, line, col, path, message, hint)])


# The historic name: every loader raised it, and `except RulebookError` keeps catching everything.
RulebookError = InputError


class FileError(InputError):
    """A problem in a user file whose kind is not known yet (size, encoding, YAML syntax)."""


class RulebookFileError(FileError):
    """A problem in a rulebook file (rules/*.yaml or one the user wrote)."""


class ScenarioFileError(FileError):
    """A problem in a scenario file, or in a scenario built in the lab."""


class PolicyFileError(FileError):
    """A problem in a policy file, or in a policy built in the lab."""


class ExerciseFileError(FileError):
    """A problem in a scenario's training exercises."""


class ReportFileError(FileError):
    """A file that is not a usable Seller Central All Orders report."""


class ArgumentError(InputError):
    """A bad argument: an unknown scenario, policy or rulebook name, runs out of range, an unusable --out."""


@contextmanager
def reported_as(kind: type[FileError]) -> Iterator[None]:
    """Inside, a problem not yet tied to a kind of file is raised as ``kind`` (same problems)."""
    try:
        yield
    except InputError as exc:
        if type(exc) not in (InputError, FileError):
            raise
        raise kind(exc.problems) from None
