"""Load any YAML format of the project into its pydantic model.

Every problem (YAML, schema, references) comes back at once, as
``FILE:LINE:COL: key.path: message (hint)``, raised as the model's
``file_error`` (``ScenarioFileError`` for a ``Scenario``, ...).

This is the one place where a pydantic ``ValidationError`` becomes
:class:`~formats.errors.Problem` values (:func:`validation_problems`) and where
``cross_check`` issues become problems (:func:`issue_problems`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from formats.errors import FileError, Problem, reported_as
from formats.suggestions import did_you_mean
from formats.yaml_source import Source, dotted, load_source, parse

M = TypeVar("M", bound=BaseModel)
MAX_PROBLEMS = 50


Loc = tuple[str | int, ...]


def file_error(model: type[BaseModel]) -> type[FileError]:
    """The error class for files of ``model``'s kind (``FileError`` for a model without one)."""
    return getattr(model, "file_error", FileError)


def model_from_source(src: Source, model: type[M], **context: Any) -> M:
    error = file_error(model)
    try:
        obj = model.model_validate(src.data, context=context or None)
    except ValidationError as exc:
        raise error(validation_problems(exc, src.file, source=src, model=model)) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise error.single(src.file, f"cannot validate: {exc}") from None
    check = getattr(obj, "cross_check", None)
    issues = check(**context) if callable(check) else []
    if issues:
        raise error(issue_problems(issues, src.file, source=src))
    return obj


def load_model(path: str | Path, model: type[M], label: str | None = None, **context: Any) -> M:
    with reported_as(file_error(model)):
        src = load_source(path, label)
    return model_from_source(src, model, **context)


def model_from_text(text: str, model: type[M], label: str, **context: Any) -> M:
    with reported_as(file_error(model)):
        src = parse(text, label)
    return model_from_source(src, model, **context)


def issue_problems(
    issues: Iterable[tuple[Loc, str, str]],
    label: str,
    *,
    source: Source | None = None,
    at: tuple[int, int] = (0, 0),
) -> list[Problem]:
    """``cross_check`` issues as problems, placed by ``source`` if there is one, else at ``at``."""
    out = []
    for loc, msg, hint in issues:
        line, col = source.where(loc) if source is not None else at
        file = source.file_at(loc) if source is not None else label
        out.append(Problem(file, line, col, dotted(loc), msg, hint))
    return out


def validation_problems(
    exc: ValidationError,
    label: str,
    *,
    source: Source | None = None,
    model: type[BaseModel] | None = None,
    at: tuple[int, int] = (0, 0),
    hint: str | None = None,
    path: Callable[[Loc], str] = dotted,
) -> list[Problem]:
    """A pydantic ``ValidationError`` as problems.

    With the ``source`` the data was parsed from, each problem has its
    file:line:col and a reworded message (unknown keys get a did-you-mean;
    ``model`` is needed for that).  Without one (data built in code or in the
    lab) each problem sits at ``at`` with pydantic's own message, and the hint
    is ``hint`` or the validator's own (``did you mean 0.025?``).
    """
    if source is None:
        return [
            Problem(
                label,
                *at,
                path(tuple(e["loc"])),
                e["msg"].removeprefix("Value error, "),
                str((e.get("ctx") or {}).get("hint", "")) if hint is None else hint,
            )
            for e in exc.errors(include_url=False)
        ]
    src = source
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # Union members add their class name to the loc; drop those parts.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper() and "[" in p))
        msg, why = _message(err, src, loc, model)
        line, col = src.where(loc, key=kind == "extra_forbidden")
        out.append(Problem(src.file_at(loc), line, col, dotted(loc), msg, why))
    # One problem per place is enough (unions can report the same spot twice).
    seen, unique = set(), []
    for p in out:
        if (p.line, p.col, p.message) not in seen:
            seen.add((p.line, p.col, p.message))
            unique.append(p)
    if len(unique) > MAX_PROBLEMS:
        rest = len(unique) - MAX_PROBLEMS
        last = unique[MAX_PROBLEMS]
        unique = unique[:MAX_PROBLEMS]
        unique.append(Problem(label, last.line, last.col, "", f"and {rest} more problems", "fix these first"))
    return unique


def _message(
    err: Mapping[str, Any], src: Source, loc: tuple, model: type[BaseModel] | None
) -> tuple[str, str]:
    kind, ctx = err["type"], err.get("ctx") or {}
    if "hint" in ctx:
        return err["msg"], str(ctx["hint"])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(err["loc"])[:-1]) if model is not None else []
        hint = did_you_mean(str(loc[-1]), allowed, f"allowed keys: {', '.join(allowed)}")
        return f"unknown key {loc[-1]!r}", hint
    if kind == "missing":
        return "required key is missing", f"add `{loc[-1]}:`"
    msg = err["msg"].removeprefix("Value error, ")
    got = err.get("input")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
        return f"{msg}, got {shown[:60]}", "check the value's type"
    if kind == "literal_error":
        return msg, "pick one of the listed values"
    return msg, ""


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at ``loc`` (pydantic's raw loc, union tags included)."""
    ann: Any = model
    for part in loc:
        models = _models_in(ann)
        if isinstance(part, str) and "[" in part and part[:1].isupper():
            name = part.split("[", 1)[0]
            ann = next((m for m in models if m.__name__ == name), ann)
            continue
        owner = next((m for m in models if isinstance(part, str) and part in m.model_fields), None)
        if owner is not None:
            ann = owner.model_fields[part].annotation
            continue
        origin, args = get_origin(ann), get_args(ann)
        if origin is dict and len(args) == 2:
            ann = args[1]
        elif origin in (list, tuple, set) and args:
            ann = args[0]
        else:  # Optional[dict[...]] and the like
            inner = next((a for a in args if get_origin(a) in (dict, list)), None)
            if inner is not None:
                ann = get_args(inner)[-1]
    names: list[str] = []
    for m in _models_in(ann):
        names += [f for f in m.model_fields if f not in names]
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model named in an annotation (through unions, Annotated, Optional)."""
    out, stack = [], [annotation]
    while stack:
        a = stack.pop(0)
        if isinstance(a, type) and issubclass(a, BaseModel):
            out.append(a)
        elif get_origin(a) not in (dict, list, tuple, set):
            stack.extend(get_args(a))
    return out
