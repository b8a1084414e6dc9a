"""One error type for every problem found in a user's YAML file.

Errors in user files are values: each :class:`Problem` knows the file, the
line and column (1-based, from the YAML node), the key path and a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class RulebookError(Exception):
    """Raised by every loader in the project; carries *all* problems found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(
        cls, file: str, message: str, hint: str = "", line: int = 1, col: int = 1, path: str = ""
    ) -> RulebookError:
        return cls([Problem(file, line, col, path, message, hint)])
