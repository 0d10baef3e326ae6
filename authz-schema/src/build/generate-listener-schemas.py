#!/usr/bin/env python3
"""Writes the JSON Schemas (draft 2020-12) of the BrokerListener and BrokerAuthentication manifests
(SPEC §11) into authz-schema/src/main/resources/META-INF/brokerauthz/schemas/ and docs/schema/.
Run from the repository root: python3 authz-schema/src/build/generate-listener-schemas.py
ListenerSchemaFilesTest checks that the two copies are the same.

The schemas check structure: fields, types, required fields, unknown fields. The rules that need
the whole set or the model (port ranges, uniqueness, refs, TLS parts, durations, SAN IPs) are
io.brokerauthz.listener.ListenerSetValidator's, so that a set built in code gets the same
checks and each problem is reported once. Enum values are matched case-insensitively (SPEC §1),
so enum fields accept any spelling of the values here and the reader reports near misses."""
from schemagen import API_VERSION, ci, enum, strings, write

def string(description):
    return {"description": description, "type": "string"}

def metadata():
    return {
        "description": "Kubernetes object metadata; only name and namespace are read.",
        "type": "object", "required": ["name"],
        "properties": {"name": string("The resource's name; ports refer to it."), "namespace": string("The namespace.")},
    }

def manifest(kind, spec_ref):
    return {
        "type": "object", "additionalProperties": False, "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": API_VERSION},
            "kind": {"const": kind},
            "metadata": metadata(),
            "spec": {"$ref": spec_ref},
            "status": {"description": "Written by the cluster; ignored."},
        },
    }

LISTENER_DEFS = {
    "manifest": manifest("BrokerListener", "#/$defs/spec"),
    "spec": {
        "type": "object", "additionalProperties": False, "required": ["ports"],
        "properties": {
            "brokerRef": string("The broker this listener belongs to; 'default' when left out."),
            "serviceName": string("The Kubernetes service name; the listener's name when left out. Unique in the namespace."),
            "serviceType": enum(["ClusterIp", "NodePort", "LoadBalancer"],
                                "The Kubernetes service type; at most one listener per type on a broker.", "ClusterIp"),
            "ports": {"description": "The ports; a port number is used once on a broker (the default listener holds 18883).",
                      "type": "array", "items": {"$ref": "#/$defs/port"}},
        },
    },
    "port": {
        "type": "object", "additionalProperties": False, "required": ["port"],
        "properties": {
            "port": {"description": "The port number, 1-65535.", "type": "integer"},
            "nodePort": {"description": "The node port, 30000-32767; only on a NodePort listener.", "type": "integer"},
            "protocol": enum(["Mqtt", "WebSockets"], "MQTT, or MQTT over WebSockets.", "Mqtt"),
            "authenticationRef": string("The name of a BrokerAuthentication of the same set."),
            "authorizationRef": string("The name of a BrokerAuthorization of the same set; needs an authenticationRef."
                                       " Without it every action of a connected client is allowed."),
            "tls": {"$ref": "#/$defs/tls"},
        },
    },
    "tls": {
        "description": "TLS of the port; without it the port serves plain MQTT.",
        "type": "object", "additionalProperties": False, "required": ["mode"],
        "properties": {
            "mode": enum(["Automatic", "Manual"], "Automatic needs certManagerCertificateSpec.issuerRef; Manual needs manual.secretRef."),
            "certManagerCertificateSpec": {"$ref": "#/$defs/certManagerCertificateSpec"},
            "manual": {
                "type": "object", "additionalProperties": False,
                "properties": {"secretRef": string("The Kubernetes secret holding the server certificate chain and key.")},
            },
        },
    },
    "certManagerCertificateSpec": {
        "description": "What cert-manager issues for an Automatic port; only issuerRef is needed.",
        "type": "object", "additionalProperties": False,
        "properties": {
            "issuerRef": {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "name": string("The issuer's name. Needed."),
                    "kind": enum(["Issuer", "ClusterIssuer"], "The issuer's kind. Needed."),
                    "group": {"description": "The issuer's API group.", "type": "string", "default": "cert-manager.io"},
                },
            },
            "privateKey": {
                "type": "object", "additionalProperties": False,
                "properties": {
                    "algorithm": enum(["Ec256", "Ec384", "Ec521", "Ed25519", "Rsa2048", "Rsa4096", "Rsa8192"],
                                      "The private-key algorithm."),
                    "rotationPolicy": enum(["Always", "Never"], "Whether renewal makes a new key."),
                },
            },
            "san": {
                "type": "object", "additionalProperties": False,
                "properties": {"dns": strings("DNS subject alternative names."),
                               "ip": strings("IP subject alternative names; each must be an IPv4 or IPv6 address.")},
            },
            "duration": string("The certificate's lifetime as a Go duration (2160h, 1h30m); 90 days when left out."),
            "renewBefore": string("When to renew, as a Go duration before expiry; shorter than duration."),
            "secretName": string("The secret the certificate is stored in."),
        },
    },
}

AUTHENTICATION_DEFS = {
    "manifest": manifest("BrokerAuthentication", "#/$defs/spec"),
    "spec": {
        "description": "Read only as far as resolving authenticationRef needs: the methods and their settings' shape.",
        "type": "object", "additionalProperties": False, "required": ["authenticationMethods"],
        "properties": {"authenticationMethods": {"type": "array", "items": {"$ref": "#/$defs/method"}}},
    },
    "method": {
        "type": "object", "additionalProperties": False, "required": ["method"],
        "properties": {
            "method": enum(["Custom", "ServiceAccountToken", "X509"], "The authentication method."),
            "customSettings": {"description": "Settings of a Custom method; not read.", "type": "object"},
            "serviceAccountTokenSettings": {
                "type": "object", "required": ["audiences"],
                "properties": {"audiences": strings("The token audiences the broker accepts.")},
            },
            "x509Settings": {"description": "Settings of an X509 method; not read.", "type": "object"},
        },
        "if": {"properties": {"method": {"type": "string", "pattern": "^" + ci("ServiceAccountToken") + "$"}}},
        "then": {"required": ["serviceAccountTokenSettings"]},
    },
}

SCHEMAS = {
    "brokerlistener-manifest.schema.json": ("A BrokerListener manifest (Kubernetes).", LISTENER_DEFS),
    "brokerauthentication-manifest.schema.json": ("A BrokerAuthentication manifest (Kubernetes), as far as brokerauthz reads it.",
                                                  AUTHENTICATION_DEFS),
}

def main():
    for name, (title, defs) in SCHEMAS.items():
        write(name, title, "manifest", defs)

main()
