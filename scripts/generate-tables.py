#!/usr/bin/env python3
"""Generates kedaguard's compiled-in tables from KEDA's published data.

Input: a directory laid out as <version>/crds/keda.sh_*.yaml and <version>/scalers.json
(one per supported KEDA release). Output: Swift files under Sources/KedaguardCore/Generated
holding a compact JSON form of
  * the structural schema of each KEDA custom resource (types, required, enum, minimum,
    lengths, items, maps, int-or-string, preserve-unknown; descriptions dropped; the CRD's
    CEL rules replaced by the ids of the checks that implement them), and
  * the scaler catalog: per trigger type its parameters (names, sources in lookup order,
    required/optional, default, Go type reduced to the kind kedaguard parses with integer
    widths and the release's time.Duration handling, allowed values, exclusiveSet, list/map
    separator and range separator, deprecated/deprecatedAnnounce), the keys read outside typed
    config and key prefixes, whether every key is forwarded, and what Validate() checks.

The program never reads KEDA's files at run time; rerun this after adding a version:

    python3 scripts/generate-tables.py --keda-data PATH/TO/keda
"""
import argparse
import json
import os
import sys

try:
    import yaml
except ImportError:  # PyYAML is the only dependency
    sys.exit("generate-tables.py needs PyYAML (pip install pyyaml)")

VERSIONS = ["v2.17.0", "v2.18.0", "v2.19.0", "v2.20.2", "main"]
CRDS = {
    "ScaledObject": "keda.sh_scaledobjects.yaml",
    "ScaledJob": "keda.sh_scaledjobs.yaml",
    "TriggerAuthentication": "keda.sh_triggerauthentications.yaml",
    "ClusterTriggerAuthentication": "keda.sh_clustertriggerauthentications.yaml",
}

# Every CEL rule found in a CRD must be listed here with the id of the Swift check that
# implements it; an unknown rule stops generation so a new KEDA release cannot slip by.
KNOWN_CEL = {
    "!has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount) ? self.maxReplicaCount : 100)":
        "min-le-max-or-100",
}


def compact_schema(s, path):
    out = {}
    t = s.get("type")
    if t:
        out["t"] = t
    if s.get("x-kubernetes-int-or-string"):
        out["ios"] = True
    if s.get("x-kubernetes-preserve-unknown-fields"):
        out["pu"] = True
    if s.get("nullable"):
        out["null"] = True
    for key, short in (("minimum", "min"), ("maximum", "max"), ("minLength", "minLen"),
                       ("maxLength", "maxLen"), ("minItems", "minItems"), ("maxItems", "maxItems")):
        if key in s:
            out[short] = s[key]
    if "enum" in s:
        out["enum"] = s["enum"]
    if "default" in s:
        out["def"] = s["default"]
    if "format" in s and s["format"]:
        out["fmt"] = s["format"]
    if s.get("required"):
        out["req"] = sorted(s["required"])
    if "properties" in s:
        out["props"] = {k: compact_schema(v, path + "." + k) for k, v in sorted(s["properties"].items())}
    if "items" in s:
        out["items"] = compact_schema(s["items"], path + "[]")
    ap = s.get("additionalProperties")
    if isinstance(ap, dict):
        out["ap"] = compact_schema(ap, path + "{}")
    elif ap is True:
        out["ap"] = {}
    rules = []
    for v in s.get("x-kubernetes-validations", []) or []:
        rule = " ".join(v["rule"].split())
        if rule not in KNOWN_CEL:
            sys.exit(f"unknown CEL rule at {path}: {rule!r}; implement it and add it to KNOWN_CEL")
        rules.append({"id": KNOWN_CEL[rule], "msg": v.get("message", "")})
    if rules:
        out["cel"] = rules
    return out


def crd_schema(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    versions = [v for v in doc["spec"]["versions"] if v["name"] == "v1alpha1"]
    if not versions:
        sys.exit(f"{path}: no v1alpha1 version")
    schema = versions[0]["schema"]["openAPIV3Schema"]
    return compact_schema(schema, doc["spec"]["names"]["kind"])


SOURCE_CODES = {"triggerMetadata": "m", "resolvedEnv": "e", "authParams": "a"}


INT_BITS = {"int": 64, "int64": 64, "int32": 32, "int16": 16, "int8": 8,
            "uint": 64, "uint64": 64, "uint32": 32, "uint16": 16, "uint8": 8}


def duration_kind(semantics):
    """How this release converts a time.Duration field: typed durations arrived in v2.18.0;
    before that typed config fell through to encoding/json, i.e. an integer of nanoseconds."""
    fmt = semantics.get("durationFormat") or ""
    if fmt.startswith("Go duration string"):
        return {"k": "duration"}
    if fmt.startswith("no special handling"):
        return {"k": "int", "bits": 64}
    sys.exit(f"unknown durationFormat {fmt!r}; teach generate-tables.py about it")


def scalar_kind(u, semantics):
    if u == "string":
        return {"k": "string"}
    if u == "bool":
        return {"k": "bool"}
    if u in INT_BITS:
        return {"k": "uint" if u.startswith("u") else "int", "bits": INT_BITS[u]}
    if u in ("float64", "*float64"):
        return {"k": "float", "bits": 64}
    if u in ("float32", "*float32"):
        return {"k": "float", "bits": 32}
    return None


def value_type(p, semantics):
    """Reduces KEDA's Go type and value format to the kinds kedaguard checks."""
    u = p.get("goUnderlying")
    g = p.get("goType")
    fmt = p.get("valueFormat") or ""
    if p.get("parsedBy") == "hand" or u is None:
        return {"k": "unknown"}
    if g == "time.Duration":
        return duration_kind(semantics)
    scalar = scalar_kind(u, semantics)
    if scalar:
        return scalar
    if u.startswith("[]"):
        elem = "time.Duration" if g == "[]time.Duration" else u[2:]
        ek = duration_kind(semantics) if elem == "time.Duration" else scalar_kind(elem, semantics)
        if ek is None:
            sys.exit(f"unhandled list element type {elem!r} for parameter {p['name']}")
        out = {"k": "list", "elem": ek, "sep": p.get("separator") or ","}
        if p.get("range") is not None:
            out["range"] = p["range"] or "-"
        return out
    if u == "map[string]string":
        return {"k": "map", "sep": p.get("separator") or ","}
    if u == "map[string][]string" and g == "url.Values":
        return {"k": "query"}
    sys.exit(f"unhandled Go type {u!r} ({g!r}, {fmt!r}) for parameter {p['name']}")


def compact_scaler(s, semantics):
    params = []
    for p in s["parameters"]:
        cp = {"n": p["names"], "src": "".join(SOURCE_CODES[o] for o in p["order"]), "vt": value_type(p, semantics)}
        if p.get("goType"):
            cp["go"] = p["goType"]
        if p.get("optional"):
            cp["opt"] = True
        if p.get("required") is True:
            cp["req"] = True
        elif p.get("required") is None:
            cp["req"] = None
        for key, short in (("default", "def"), ("deprecated", "dep"), ("deprecatedAnnounce", "depA")):
            if p.get(key) is not None:
                cp[short] = p[key]
        if p.get("enum"):
            cp["enum"] = p["enum"]
        if p.get("exclusiveSet"):
            cp["excl"] = p["exclusiveSet"]
        # Enum and exclusiveSet checks split on the separator whatever the field's type.
        if p.get("separator"):
            cp["sep"] = p["separator"]
        if p.get("parsedBy") == "hand":
            cp["hand"] = True
        params.append(cp)
    out = {"type": s["type"], "params": params}
    if s.get("sharesConstructorWith"):
        out["shares"] = s["sharesConstructorWith"]
    if s.get("untyped"):
        out["untyped"] = True
    if s.get("acceptsArbitraryKeys"):
        out["arbitrary"] = True
    if s.get("hasValidate"):
        out["validate"] = s.get("validate") or ""
    if s.get("nestedValidate"):
        out["nestedValidate"] = [v["validate"] for v in s["nestedValidate"] if v.get("validate")]
    if s.get("untaggedKeys"):
        out["untagged"] = [{"n": k["name"], "src": "".join(SOURCE_CODES[o] for o in k["order"])} for k in s["untaggedKeys"]]
    if s.get("untaggedKeyPrefixes"):
        out["prefixes"] = [k["name"].rstrip("*") for k in s["untaggedKeyPrefixes"]]
    return out


def swift_literal(name, value):
    text = json.dumps(value, separators=(",", ":"), sort_keys=False)
    assert '"""#' not in text
    return f'    static let {name} = #"""\n{text}\n"""#\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keda-data", required=True, help="directory with <version>/crds and <version>/scalers.json")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Sources", "KedaguardCore", "Generated"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    # Schemas: identical schemas across versions share one literal.
    literals = {}
    table = {}
    for version in VERSIONS:
        for kind, fname in CRDS.items():
            schema = crd_schema(os.path.join(args.keda_data, version, "crds", fname))
            text = json.dumps(schema, sort_keys=True, separators=(",", ":"))
            if text not in literals:
                literals[text] = f"schema{len(literals)}"
            table[(version, kind)] = literals[text]
    lines = ["// Generated by scripts/generate-tables.py from KEDA's CRDs. Do not edit.\n",
             "// Structural schemas only: descriptions are dropped, CEL rules are replaced by check ids.\n\n",
             "enum GeneratedCRDSchemas {\n"]
    for text, name in literals.items():
        lines.append(swift_literal(name, json.loads(text)))
    lines.append("\n    static func json(version: String, kind: String) -> String? {\n        switch (version, kind) {\n")
    for (version, kind), name in table.items():
        lines.append(f'        case ("{version}", "{kind}"): return {name}\n')
    lines.append("        default: return nil\n        }\n    }\n}\n")
    with open(os.path.join(args.out, "GeneratedCRDSchemas.swift"), "w") as f:
        f.writelines(lines)

    # Scaler catalogs, one literal per version.
    lines = ["// Generated by scripts/generate-tables.py from KEDA's scaler catalogs. Do not edit.\n\n",
             "enum GeneratedScalerCatalogs {\n"]
    cases = []
    for version in VERSIONS:
        with open(os.path.join(args.keda_data, version, "scalers.json")) as f:
            data = json.load(f)
        semantics = data["typedConfigSemantics"]
        catalog = {"version": data["kedaVersion"], "commit": data["commit"],
                   "semantics": {"duration": semantics.get("durationFormat") or "",
                                 "unexpectedParams": semantics.get("unexpectedParamsWarning") or ""},
                   "scalers": [compact_scaler(s, semantics) for s in data["scalers"]]}
        name = "catalog_" + version.replace(".", "_")
        lines.append(swift_literal(name, catalog))
        cases.append(f'        case "{version}": return {name}\n')
    lines.append("\n    static func json(version: String) -> String? {\n        switch version {\n")
    lines.extend(cases)
    lines.append("        default: return nil\n        }\n    }\n}\n")
    with open(os.path.join(args.out, "GeneratedScalerCatalogs.swift"), "w") as f:
        f.writelines(lines)
    print(f"wrote {len(literals)} distinct schemas and {len(VERSIONS)} scaler catalogs to {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
