#!/usr/bin/python3
"""Validates the shape of a JSON or SARIF report and prints one line per
finding: `check file:line:column fixes=N` (SARIF also prints the rule count)."""
import json
import sys

kind, path = sys.argv[1:3]
report = json.load(open(path))
if kind == "json":
    assert report["version"] == 1 and report["tool"] == "asynclint"
    for f in report["findings"]:
        for key in ("check", "level", "file", "line", "column", "message", "notes", "fixes"):
            assert key in f, key
        print(f"{f['check']} {f['file']}:{f['line']}:{f['column']} fixes={len(f['fixes'])}")
else:
    assert report["version"] == "2.1.0"
    run = report["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        for key in ("id", "shortDescription", "fullDescription", "help", "defaultConfiguration"):
            assert key in rule, key
    print(f"rules={len(rules)}")
    ids = {rule["id"] for rule in rules}
    for r in run["results"]:
        assert r["ruleId"] in ids
        loc = r["locations"][0]["physicalLocation"]
        fixes = sum(len(c["replacements"]) for f in r.get("fixes", []) for c in f["artifactChanges"])
        print(f"{r['ruleId']} {loc['artifactLocation']['uri']}:{loc['region']['startLine']}:"
              f"{loc['region']['startColumn']} fixes={fixes}")
