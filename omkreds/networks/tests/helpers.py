"""Small builders for map documents in tests."""

from omkreds.networks.schema import MapDocument, parse_document


def contact(id, name=None, *, sector="family", closeness=0.5, angle=30.0, **extra) -> dict:
    return {
        "id": id,
        "name": name or id.title(),
        "sector": sector,
        "closeness": closeness,
        "angle": angle,
        **extra,
    }


def tie(a, b, kind="knows", **extra) -> dict:
    return {"a": a, "b": b, "kind": kind, **extra}


def document(contacts=(), ties=(), **extra) -> MapDocument:
    return parse_document({"contacts": list(contacts), "ties": list(ties), **extra})


def data(contacts=(), ties=(), **extra) -> dict:
    return {"contacts": list(contacts), "ties": list(ties), **extra}
