"""Validate the sandbox's answers against Amazon's published models with openapi-core.

The models (Apache-2.0) are the copies in sandbox/models/, taken from
amzn/selling-partner-api-models at commit 34dc93fe45f37c9a0b2e56823c808f68b4f81754
(models/orders-api-model/ordersV0.json, models/orders-api-model/orders_2026-01-01.json,
models/feeds-api-model/feeds_2021-06-30.json, schemas/notifications/OrderChangeNotification.json).
They are Swagger 2.0; openapi-core reads OpenAPI 3, so each is carried over (definitions become
components, a body parameter a requestBody, a response schema its JSON content) without changing
any schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jsonschema
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

MODELS = Path(__file__).resolve().parents[2] / "sandbox" / "models"
SPECS = ("ordersV0.json", "orders_2026-01-01.json", "feeds_2021-06-30.json")
PARAM_KEYS = ("type", "items", "enum", "format", "minimum", "maximum", "minItems", "maxItems", "maxLength")


def _fix(node):
    if isinstance(node, dict):
        out = {k: _fix(v) for k, v in node.items() if not k.startswith("x-")}
        if isinstance(out.get("$ref"), str):
            out["$ref"] = out["$ref"].replace("#/definitions/", "#/components/schemas/")
        return out
    if isinstance(node, list):
        return [_fix(x) for x in node]
    return node


def to_openapi3(swagger: dict) -> dict:
    paths: dict = {}
    for path, ops in swagger["paths"].items():
        for method, op in ops.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            new: dict = {"operationId": op["operationId"], "parameters": [], "responses": {}}
            for p in op.get("parameters", []):
                if p["in"] == "body":
                    schema = {"application/json": {"schema": _fix(p["schema"])}}
                    new["requestBody"] = {"required": bool(p.get("required")), "content": schema}
                    continue
                q = {"name": p["name"], "in": p["in"], "required": bool(p.get("required"))}
                q["schema"] = _fix({k: p[k] for k in PARAM_KEYS if k in p})
                if p.get("type") == "array":
                    q |= {"style": "form", "explode": False}  # collectionFormat csv
                new["parameters"].append(q)
            for code, r in op["responses"].items():
                resp: dict = {"description": r.get("description") or code}
                if "schema" in r:
                    resp["content"] = {"application/json": {"schema": _fix(r["schema"])}}
                new["responses"][code] = resp
            paths.setdefault(path, {})[method] = new
    info = {"title": swagger["info"]["title"], "version": swagger["info"]["version"]}
    return {
        "openapi": "3.0.3",
        "info": info,
        "paths": paths,
        "components": {"schemas": _fix(swagger["definitions"])},
    }


@cache
def spec(name: str) -> OpenAPI:
    return OpenAPI.from_dict(to_openapi3(json.loads((MODELS / name).read_text())))


def spec_for(path: str) -> OpenAPI | None:
    if path.startswith("/orders/v0/"):
        return spec("ordersV0.json")
    if path.startswith("/orders/2026-01-01/"):
        return spec("orders_2026-01-01.json")
    if path.startswith("/feeds/2021-06-30/"):
        return spec("feeds_2021-06-30.json")
    return None


@dataclass
class _Request:
    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters = field(default_factory=RequestParameters)


@dataclass
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes


def validate(response: httpx.Response) -> bool:
    """Check one answer against its published model; False when no model covers the path."""
    req = response.request
    url = urlsplit(str(req.url))
    api = spec_for(url.path)
    if api is None:
        return False
    params = RequestParameters(
        query=ImmutableMultiDict(httpx.QueryParams(url.query).multi_items()),
        header=Headers(dict(req.headers)),
    )
    request = _Request(
        f"{url.scheme}://{url.netloc}",
        url.path,
        req.method.lower(),
        req.content or None,
        req.headers.get("content-type", ""),
        params,
    )
    body = response.read()
    kind = response.headers.get("content-type", "application/json") if body else "application/json"
    answer = _Response(response.status_code, kind, Headers(dict(response.headers)), body)
    api.validate_response(request, answer)
    return True


def validate_notification(body: dict) -> None:
    schema = json.loads((MODELS / "OrderChangeNotification.json").read_text())
    jsonschema.validate(body, schema)
