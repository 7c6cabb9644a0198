"""The API keeps its contract while the code behind it moves.

`data/openapi_baseline.json` holds every path (with its methods) and every component schema
(with its properties) of the OpenAPI document as it was before the apps were regrouped
(issue 12). New paths, schemas and properties are allowed; none may be lost.
"""

import json
from pathlib import Path

from omkreds.api import api

BASELINE = json.loads((Path(__file__).parent / "data" / "openapi_baseline.json").read_text())
METHODS = {"get", "post", "put", "patch", "delete"}


def _current():
    schema = api.get_openapi_schema()
    paths = {path: {m for m in ops if m in METHODS} for path, ops in schema["paths"].items()}
    schemas = {
        name: set((body.get("properties") or {}).keys())
        for name, body in schema.get("components", {}).get("schemas", {}).items()
    }
    return paths, schemas


def test_no_path_or_method_is_lost():
    paths, _ = _current()
    lost = [
        f"{method.upper()} {path}"
        for path, methods in BASELINE["paths"].items()
        for method in methods
        if method not in paths.get(path, set())
    ]
    assert len(BASELINE["paths"]) >= 50
    assert lost == []


def test_no_schema_or_property_is_lost():
    _, schemas = _current()
    lost = []
    for name, props in BASELINE["schemas"].items():
        if name not in schemas:
            lost.append(name)
        else:
            lost += [f"{name}.{prop}" for prop in props if prop not in schemas[name]]
    assert len(BASELINE["schemas"]) >= 50
    assert lost == []
