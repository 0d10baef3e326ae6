"""What both schema generators share: the vocabulary for case-insensitive enums (SPEC §1) and
writing a schema into the resources and docs/schema/ (tests check the two copies agree)."""
import json, os

API_VERSION = "mqttbroker.iotoperations.azure.com/v1"
BASE = "https://brokerauthz.io/schema/"
FOLDERS = ("authz-schema/src/main/resources/META-INF/brokerauthz/schemas", "docs/schema")

def ci(word):
    # ECMA-262 has no inline (?i): spell each letter as a class so editors and validators agree.
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)

def enum(values, description, default=None):
    d = {
        "description": description + " Matched case-insensitively; canonical spelling: " + ", ".join(values) + ".",
        "anyOf": [
            {"enum": values},
            {"type": "string", "pattern": "^(?:" + "|".join(ci(v) for v in values) + ")$"},
        ],
    }
    if default:
        d["default"] = default
    return d

def strings(description):
    return {"description": description, "type": "array", "items": {"type": "string"}}

def write(name, title, top, defs):
    """Writes schema `name` (a $ref to $defs/top) into both folders, relative to the repository root."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + name,
        "title": title,
        "$ref": "#/$defs/" + top,
        "$defs": defs,
    }
    text = json.dumps(schema, indent=2) + "\n"
    for folder in FOLDERS:
        os.makedirs(os.path.join(os.getcwd(), folder), exist_ok=True)
        with open(os.path.join(os.getcwd(), folder, name), "w") as f:
            f.write(text)
