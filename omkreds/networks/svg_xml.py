"""SVG written as text, escaped exactly as ElementTree escapes it (ElementTree itself was three
times slower for a 500-person map): `escape_text` and `escape_attr` for any text, `Node` and
`sub` for the slowly changing parts (background, legend), `group` for a group of ready-made
parts. A name such as `<script>` is drawn as those characters, never run.
"""

from __future__ import annotations


def escape_text(text: str) -> str:
    """Element text, escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attr(text: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


class Node:
    """An element of the slowly changing parts (background, legend). Children are nodes or
    ready-made XML text; `write` gives what ElementTree would."""

    __slots__ = ("attrs", "children", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str], text: str | None = None):
        self.tag = tag
        self.attrs = attrs
        self.text = text
        self.children: list[Node | str] = []

    def write(self, out: list[str]) -> None:
        out.append(f"<{self.tag}")
        for name, value in self.attrs.items():
            out.append(f' {name}="{escape_attr(value)}"')
        if self.text or self.children:
            out.append(">")
            if self.text:
                out.append(escape_text(self.text))
            for child in self.children:
                if isinstance(child, str):
                    out.append(child)
                else:
                    child.write(out)
            out.append(f"</{self.tag}>")
        else:
            out.append(" />")


def sub(parent: Node, tag: str, text: str | None = None, **attrs) -> Node:
    names = {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items() if v != ""}
    element = Node(tag, names, text)
    parent.children.append(element)
    return element


def group(open_tag: str, close_tag: str, parts: list[str]) -> str:
    """A group written as text: `open_tag` ends without ">", so an empty one closes itself."""
    if not parts:
        return open_tag + " />"
    return open_tag + ">" + "".join(parts) + close_tag
