"""Load any YAML format of the project into its pydantic model.

Every problem (YAML, schema, references) comes back at once, as
``FILE:LINE:COL: key.path: message (hint)``.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from formats.errors import Problem, RulebookError
from formats.yaml_source import Source, dotted, load_source, parse

M = TypeVar("M", bound=BaseModel)
MAX_PROBLEMS = 50


def model_from_source(src: Source, model: type[M], **context: Any) -> M:
    try:
        obj = model.model_validate(src.data, context=context or None)
    except ValidationError as exc:
        raise RulebookError(_problems(src, model, exc)) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise RulebookError.single(src.file, f"cannot validate: {exc}") from None
    check = getattr(obj, "cross_check", None)
    issues = check(**context) if callable(check) else []
    if issues:
        probs = []
        for loc, msg, hint in issues:
            line, col = src.where(loc)
            probs.append(Problem(src.file, line, col, dotted(loc), msg, hint))
        raise RulebookError(probs)
    return obj


def load_model(path: str | Path, model: type[M], label: str | None = None, **context: Any) -> M:
    return model_from_source(load_source(path, label), model, **context)


def model_from_text(text: str, model: type[M], label: str, **context: Any) -> M:
    return model_from_source(parse(text, label), model, **context)


def _problems(src: Source, model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        # Union members add their class name to the loc; drop those parts.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper() and "[" in p))
        msg, hint = _message(err, src, loc, model)
        line, col = src.where(loc, key=kind == "extra_forbidden")
        out.append(Problem(src.file, line, col, dotted(loc), msg, hint))
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
        unique.append(
            Problem(src.file, last.line, last.col, "", f"and {rest} more problems", "fix these first")
        )
    return unique


def _message(err: dict, src: Source, loc: tuple, model: type[BaseModel]) -> tuple[str, str]:
    kind, ctx = err["type"], err.get("ctx") or {}
    if "hint" in ctx:
        return err["msg"], str(ctx["hint"])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(err["loc"])[:-1])
        close = get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(allowed)}"
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
