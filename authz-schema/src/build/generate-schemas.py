#!/usr/bin/env python3
"""Writes the three JSON Schemas (draft 2020-12) of the BrokerAuthorization input forms (SPEC §1)
from one definition, into authz-schema/src/main/resources/META-INF/brokerauthz/schemas/ and docs/schema/.
Run from the repository root: python3 authz-schema/src/build/generate-schemas.py
SchemaFilesTest checks that both copies match what this script writes."""
from schemagen import API_VERSION, ci, enum, strings, write

DEFS = {
    "rules": {
        "description": "The rules; a request is allowed iff at least one rule allows it. Empty denies everything.",
        "type": "array", "items": {"$ref": "#/$defs/rule"},
    },
    "rule": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "principals": {"$ref": "#/$defs/principals"},
            "brokerResources": {"type": "array", "items": {"$ref": "#/$defs/brokerResource"}},
            "stateStoreResources": {"type": "array", "items": {"$ref": "#/$defs/stateStoreResource"}},
        },
    },
    "principals": {
        "description": "Who the rule applies to: any listed client ID, OR any listed username, OR any one attribute map.",
        "type": "object", "additionalProperties": False,
        "properties": {
            "clientIds": strings("Client IDs, compared literally after token substitution."),
            "usernames": strings("Usernames, compared literally after token substitution."),
            "attributes": {
                "description": "Attribute maps; a client matches a map iff it has every key with exactly that value.",
                "type": "array",
                "items": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
    },
    "brokerResource": {
        "type": "object", "additionalProperties": False, "required": ["method"],
        "properties": {
            "method": enum(["Connect", "Publish", "Subscribe"], "The MQTT action granted."),
            "clientIds": strings("Client-ID globs (* and ?) restricting the clients this resource applies to; empty means any."),
            "topics": strings("Topic filters (+, #, tokens as whole levels). Required for Publish and Subscribe, forbidden for Connect."),
        },
    },
    "stateStoreResource": {
        "type": "object", "additionalProperties": False, "required": ["method", "keys"],
        "properties": {
            "method": enum(["Read", "Write", "ReadWrite"], "The state-store access level."),
            "keyType": enum(["Pattern", "String", "Binary"], "How keys are matched.", "Pattern"),
            "keys": strings("Keys: globs (Pattern), exact strings (String) or base64 (Binary)."),
        },
    },
    "spec": {
        "type": "object", "additionalProperties": False, "required": ["authorizationPolicies"],
        "properties": {"authorizationPolicies": {"$ref": "#/$defs/authorizationPolicies"}},
    },
    "authorizationPolicies": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "cache": enum(["Enabled", "Disabled"], "Whether decisions are memoized.", "Enabled"),
            "rules": {"$ref": "#/$defs/rules"},
        },
    },
    "manifest": {
        "type": "object", "additionalProperties": False, "required": ["apiVersion", "kind", "spec"],
        "properties": {
            "apiVersion": {"const": API_VERSION},
            "kind": {"const": "BrokerAuthorization"},
            "metadata": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "namespace": {"type": "string"}},
            },
            "spec": {"$ref": "#/$defs/spec"},
            "status": {"description": "Written by the cluster; ignored."},
        },
    },
}

FORMS = {
    "brokerauthorization-manifest.schema.json": ("A BrokerAuthorization manifest (Kubernetes).", "manifest"),
    "brokerauthorization-spec.schema.json": ("The spec object of a BrokerAuthorization.", "spec"),
    "brokerauthorization-rules.schema.json": ("The bare rules array of a BrokerAuthorization.", "rules"),
}

def main():
    for name, (title, top) in FORMS.items():
        write(name, title, top, DEFS)

main()
