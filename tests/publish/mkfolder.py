#!/usr/bin/env python3
"""Writes a publish folder: N resources with policies, L access lists of M
members each connected to some of the resources.

    mkfolder.py DIR [--resources N] [--lists L] [--members M] [--prefix P]
                    [--owner ttd] [--org 991825827]
"""
import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "..", "policies", "ExamplePolicy.xml")


def resource(ident, org, owner):
    langs = lambda t: {"nb": t, "nn": t, "en": t}
    return {
        "identifier": ident,
        "title": langs("Tjeneste " + ident),
        "description": langs("Beskrivelse av " + ident),
        "rightDescription": langs("Gir tilgang til " + ident),
        "contactPoints": [{"category": "Support", "email": "support@example.no", "telephone": "", "contactPage": ""}],
        "hasCompetentAuthority": {"organization": org, "orgcode": owner, "name": langs("Testdepartementet")},
        "resourceType": "CorrespondenceService",
        "status": "Completed",
        "delegable": True,
        "visible": True,
        "availableForType": ["Company"],
        "keywords": [],
        "resourceReferences": [],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--resources", type=int, default=3)
    p.add_argument("--lists", type=int, default=1)
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--prefix", default="ttd-pub")
    p.add_argument("--owner", default="ttd")
    p.add_argument("--org", default="991825827")
    a = p.parse_args()
    with open(TEMPLATE, encoding="utf-8") as fh:
        policy = fh.read()
    ids = []
    for i in range(a.resources):
        ident = "%s-%04d" % (a.prefix, i)
        ids.append(ident)
        d = os.path.join(a.dir, "resources", ident)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "resource.json"), "w", encoding="utf-8") as fh:
            json.dump(resource(ident, a.org, a.owner), fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        with open(os.path.join(d, "policy.xml"), "w", encoding="utf-8") as fh:
            fh.write(policy.replace("example-correspondence", ident))
    d = os.path.join(a.dir, "access-lists", a.owner)
    if a.lists:
        os.makedirs(d, exist_ok=True)
    for k in range(a.lists):
        members = ["%09d" % (310000000 + k * 10000 + m) for m in range(a.members)]
        conns = [{"resource": ids[j], "actionFilters": ["read"] if j % 2 else []}
                 for j in range(k % max(1, len(ids)), min(len(ids), k % max(1, len(ids)) + 2))]
        doc = {"name": "Liste %d" % k, "description": "Testliste %d" % k, "members": members,
               "resourceConnections": conns}
        with open(os.path.join(d, "%s-list-%02d.json" % (a.prefix, k)), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")


if __name__ == "__main__":
    main()
