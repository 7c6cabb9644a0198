"""The API keeps its contract while the code behind it moves.

`data/openapi_baseline.json` holds every path (with its methods) and every component schema
(with its properties) of the OpenAPI document as it was before the apps were regrouped
(issue 12). New paths, schemas and properties are allowed; none may be lost. `parameter_enums`
holds the parameters whose values are an enum (the map export's format since issue 17): a
client may rely on each value, so none may be lost and the parameter must stay an enum.
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


def _parameter_enums(schema) -> dict[str, list]:
    found = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                values = parameter.get("schema", {}).get("enum")
                if values:
                    found[f"{method.upper()} {path} {parameter['in']}:{parameter['name']}"] = values
    return found


def test_no_parameter_enum_or_value_is_lost():
    current = _parameter_enums(api.get_openapi_schema())
    lost = [
        f"{parameter} = {value}"
        for parameter, values in BASELINE["parameter_enums"].items()
        for value in values
        if value not in current.get(parameter, [])
    ]
    export = "GET /api/v1/citizens/{citizen_id}/map/export/{fmt} path:fmt"
    assert {"svg", "png", "pdf-a4", "pdf-a3", "graphml", "json"} <= set(current[export])
    assert lost == []
