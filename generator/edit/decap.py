"""Decap CMS's configuration, generated from the content model, never written by hand.

One collection per kind in ``KINDS`` (a kind added there appears by itself), its fields
from the record class's JSON schema (the same one `lantoa schema` writes): required as
the model says, selects for the closed vocabularies with their Vietnamese names, relation
widgets for references to other records, text with a pattern for the partial dates the
model allows, lists for people, figures and pictures, and the consent switch right after
each person's name with the privacy rule as its hint.
"""

from __future__ import annotations

from typing import Any

from generator.edit import labels
from generator.model.kinds import KINDS, Kind
from generator.model.records import ID_PATTERN
from generator.model.schema import schema
from generator.model.vocabulary import vocabulary
from generator.present import urls

API_PATH = "/api/v1"
# A field of a record that names other records: field → the kind it names (content-model.md).
REFERENCES = {
    "unit": "unit",
    "units": "unit",
    "parent": "unit",
    "now_part_of": "unit",
    "models": "model",
    "results": "statistic",
    "result": "statistic",
    "stories": "story",
}
LONG_TEXT = ("summary", "note", "answer", "question", "text", "steps")
# Shown right after a field of the same group: the consent switch next to the person's name.
BESIDE = {"consent": "name"}
GIT_BACKENDS = ("gitea", "gitlab", "github")
EDITORIAL_WORKFLOW = ("gitlab", "github")  # Decap 3.16.3: not its Gitea backend
GIT_CONTENT = "stories"


def config(preview_url: str | None = None) -> dict[str, Any]:
    """The configuration ``lantoa edit`` serves: its own Python backend over the content folder."""
    result: dict[str, Any] = {
        "backend": {"name": "proxy", "proxy_url": API_PATH, "branch": "main"},
        "locale": "vi",
        "load_config_file": False,
        "media_folder": "",  # each collection keeps pictures beside the record (below)
        "public_folder": "",
        "collections": [collection(kind) for kind in KINDS.values()],
    }
    if preview_url:
        result["site_url"] = result["display_url"] = preview_url
        result["show_preview_links"] = True
    return result


def git_config(backend: dict[str, str]) -> dict[str, Any]:
    """The same forms for a team sharing a repository on a forge: Decap's git ``backend``
    (forge.py) with the editorial workflow (drafts, review, publish as pull/merge requests)
    where Decap has it: its Gitea backend refuses it ("does not support editorial workflow"),
    so a Gitea team saves to a branch of its own and merges by pull request."""
    result = config()
    result["backend"] = backend
    if backend["name"] in EDITORIAL_WORKFLOW:
        result["publish_mode"] = "editorial_workflow"
    result.pop("load_config_file")
    for kind, entry in zip(KINDS.values(), result["collections"], strict=True):
        markdown = kind.suffix == ".md"
        entry.update(
            folder=GIT_CONTENT,
            extension="md" if markdown else "yaml",
            format="frontmatter" if markdown else "yaml",
            filter={"field": "kind", "value": kind.name},
            nested={"depth": 4},
        )
        if not markdown:
            entry["fields"] = [f for f in entry["fields"] if f["name"] != "body"] or entry["fields"]
    return result


def collection(kind: Kind) -> dict[str, Any]:
    defs = schema()["$defs"]
    definition = defs[kind.record.__name__]
    display = _display_field(kind, definition)
    return {
        "name": kind.name,
        "label": kind.label,
        "label_singular": kind.noun,
        "folder": kind.section,  # the backend's own name for the kind's records (store.py)
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": True,
        "slug": "{{id}}",
        "identifier_field": "id",
        "summary": "{{" + display + "}}",
        "media_folder": "",  # pictures go to the record's own folder
        "public_folder": "",
        "preview_path": urls.page(kind.name, "{{id}}"),  # the live preview's page of the record
        # Decap's own preview pane is not the site (it would show a full name the site abbreviates):
        # the page's link opens the record on the live preview, rendered by the site's templates.
        "editor": {"preview": False},
        "fields": fields(kind, definition, defs, ""),
    }


def _display_field(kind: Kind, definition: dict) -> str:
    required = set(definition.get("required", []))
    return next((name for name in ("name", "title") if name in required), "id")


def fields(kind: Kind, definition: dict, defs: dict, parent: str) -> list[dict[str, Any]]:
    required = set(definition.get("required", []))
    properties = definition.get("properties", {})
    names = list(properties)
    for name, after in BESIDE.items():
        if name in names and after in names:
            names.remove(name)
            names.insert(names.index(after) + 1, name)
    return [widget(kind, parent, name, properties[name], defs, name in required) for name in names]


def _unwrap(prop: dict) -> tuple[dict, bool]:
    """The schema of an optional field without its ``null`` branch; True when it was optional."""
    options = prop.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) == 1:
            merged = {**{k: v for k, v in prop.items() if k != "anyOf"}, **rest[0]}
            return merged, True
    return prop, False


def _ref(prop: dict, defs: dict) -> dict | None:
    ref = prop.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else None


def _options(values: list[Any]) -> list[dict[str, Any]] | list[Any]:
    """Select options, with their Vietnamese names when the values are a vocabulary's keys."""
    for words in (*vocabulary().values(), labels.STATUS, labels.WEEKDAYS):
        if set(values) <= set(words):
            return [{"label": words[v], "value": v} for v in values]
    return list(values)


def widget(kind: Kind, parent: str, name: str, prop: dict, defs: dict, required: bool) -> dict[str, Any]:
    label, hint = labels.label(kind.name, parent, name, prop)
    result: dict[str, Any] = {"name": name, "label": label, "required": required}
    if hint:
        result["hint"] = hint
    prop, _ = _unwrap(prop)
    default = prop.get("default")
    if "const" in prop and not parent:
        return {"name": name, "label": label, "widget": "hidden", "default": prop["const"]}
    if name == "id" and not parent:
        # The form names the file after it: required there (a file written by hand may leave it out).
        result["required"] = True
        return {
            **result,
            "widget": "string",
            "pattern": [ID_PATTERN.pattern, "chỉ chữ thường không dấu, số, -"],
        }
    nested = _ref(prop, defs)
    if nested is not None:
        sub = fields(kind, nested, defs, name)
        if not required:
            # Decap checks an empty optional group's required fields too; the model still
            # refuses a group that is there without them, with its own message.
            sub = [{**f, "required": False} for f in sub]
        return {**result, "widget": "object", "collapsed": not required, "fields": sub}
    reference = REFERENCES.get(name) if not parent else None
    if prop.get("type") == "array":
        items, _ = _unwrap(prop.get("items") or {})
        item_model = _ref(items, defs)
        if item_model is not None:
            sub = fields(kind, item_model, defs, name)
            summary = next(
                (f["name"] for f in sub if f["name"] in ("name", "question", "file", "period")), None
            )
            extra = {"summary": "{{fields." + summary + "}}"} if summary else {}
            return {**result, "widget": "list", "collapsed": True, "fields": sub, **extra}
        if reference:
            return {**result, **_relation(reference), "multiple": True}
        if "enum" in items:
            return {**result, "widget": "select", "multiple": True, "options": _options(items["enum"])}
        if items.get("type") == "integer" and "minimum" in items and "maximum" in items:
            months = list(range(int(items["minimum"]), int(items["maximum"]) + 1))
            return {**result, "widget": "select", "multiple": True, "options": [str(m) for m in months]}
        return {**result, "widget": "list"}
    if reference and prop.get("type") == "string":
        return {**result, **_relation(reference)}
    if "enum" in prop:
        result.update(widget="select", options=_options(prop["enum"]))
        if default is not None and not parent:
            # Not inside a group: Decap fills a new list item with its fields' defaults, so a
            # translation's default status would add an empty translation to every new story.
            result["default"] = default
        return result
    if "anyOf" in prop:  # "daily" or a list of weekdays (broadcast days)
        choices = [v for option in prop["anyOf"] for v in option.get("items", {}).get("enum", [])]
        if choices:
            return {**result, "widget": "select", "multiple": True, "options": _options(choices)}
    if "oneOf" in prop:  # a number, or numbers by group (policy values): the form edits the number
        return {**result, "widget": "number", "value_type": "float"}
    types = prop.get("type")
    if types == "boolean":
        # Only a default that is on: Decap fills a new list item with its fields' defaults, so a
        # default "off" would add an empty person to every new story.
        return {**result, "widget": "boolean", **({"default": True} if default else {})}
    if types == "integer":
        return {**result, "widget": "number", "value_type": "int", **_bounds(prop)}
    if types == "number":
        return {**result, "widget": "number", "value_type": "float", **_bounds(prop)}
    if name == "file" and parent:  # a picture or a recording, kept beside the record
        return {**result, "widget": "image" if parent == "images" else "file", "choose_url": False}
    if "pattern" in prop:
        message = hint or "giá trị chưa đúng dạng"
        return {**result, "widget": "string", "pattern": [prop["pattern"], message]}
    if name == "body":
        return {**result, "widget": "markdown", "modes": ["raw"], "sanitize_preview": True}
    if name in LONG_TEXT or "maxLength" in prop:
        return {**result, "widget": "text"}
    return {**result, "widget": "string"}


def _bounds(prop: dict) -> dict[str, Any]:
    bounds = {}
    if "minimum" in prop:
        bounds["min"] = prop["minimum"]
    if "maximum" in prop:
        bounds["max"] = prop["maximum"]
    return bounds


def _relation(kind_name: str) -> dict[str, Any]:
    target = KINDS[kind_name]
    display = _display_field(target, schema()["$defs"][target.record.__name__])
    return {
        "widget": "relation",
        "collection": kind_name,
        "value_field": "id",
        "search_fields": [display, "id"] if display != "id" else ["id"],
        "display_fields": [display] if display == "id" else [display, "id"],
        "options_length": 50,
    }
