#!/usr/bin/python3
"""Validates a JSON or SARIF report and prints one line per finding:
`check file:line:column fixes=N`, then one line per suppressed finding:
`suppressed check file:line reason=...`. A SARIF log is first validated
against the SARIF 2.1.0 JSON schema (OASIS, committed next to this script)."""
import json
import os
import sys

import jsonschema

kind, path = sys.argv[1:3]
report = json.load(open(path))
if kind == "json":
    assert report["version"] == 1 and report["tool"] == "asynclint"
    for f in report["findings"]:
        for key in ("check", "level", "file", "line", "column", "message",
                    "fingerprint", "notes", "fixes"):
            assert key in f, key
        print(f"{f['check']} {f['file']}:{f['line']}:{f['column']} fixes={len(f['fixes'])}")
    for s in report["suppressed"]:
        print(f"suppressed {s['check']} {s['file']}:{s['line']} reason={s['reason']}")
else:
    schema_path = os.path.join(os.path.dirname(__file__), "sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator(json.load(open(schema_path))).validate(report)
    print("sarif schema: valid")
    run = report["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        for key in ("id", "shortDescription", "fullDescription", "help", "helpUri",
                    "defaultConfiguration"):
            assert key in rule, key
        assert rule["helpUri"].endswith("/docs/checks/" + rule["id"] + ".md"), rule["helpUri"]
        assert rule["help"]["markdown"].startswith("# " + rule["id"]), rule["id"]
    print(f"rules={len(rules)}")
    ids = {rule["id"] for rule in rules}
    for r in run["results"]:
        assert r["ruleId"] in ids
        loc = r["locations"][0]["physicalLocation"]
        where = (f"{loc['artifactLocation']['uri']}:{loc['region']['startLine']}")
        if "suppressions" in r:
            reason = r["suppressions"][0].get("justification", "")
            print(f"suppressed {r['ruleId']} {where} reason={reason}")
            continue
        assert r["partialFingerprints"]["asynclintFingerprint/v1"]
        fixes = sum(len(c["replacements"]) for f in r.get("fixes", []) for c in f["artifactChanges"])
        print(f"{r['ruleId']} {where}:{loc['region']['startColumn']} fixes={fixes}")
