"""Checks over the request log that publish tests assert on: how many
writes there were, and whether any access-list write followed a 412 on the
same list without a re-read (GET) of that list in between."""

import re

_LIST = re.compile(r"^/resourceregistry/api/v1/access-lists/([^/]+)/([^/]+)", re.IGNORECASE)


def list_key(path):
    m = _LIST.match(path)
    if not m or m.group(1).lower() in ("memberships", "get-by-member"):
        return None
    return m.group(1).lower() + "/" + m.group(2)


def audit(entries):
    needs_reread = {}          # list key -> seq of the 412
    violations = []
    unconditional = []
    for e in entries:
        key = list_key(e["path"])
        if key is None:
            continue
        if not e["write"]:
            if e["method"] in ("GET", "HEAD") and e["status"] in (200, 304):
                needs_reread.pop(key, None)
            continue
        if key in needs_reread:
            violations.append({"seq": e["seq"], "method": e["method"], "path": e["path"],
                               "after412": needs_reread[key]})
        if not e.get("ifMatch") and not e.get("ifNoneMatch"):
            unconditional.append({"seq": e["seq"], "method": e["method"], "path": e["path"]})
        if e["status"] == 412:
            needs_reread[key] = e["seq"]
    writes = [e for e in entries if e["write"]]
    return {
        "requests": len(entries),
        "writes": len(writes),
        "changedWrites": sum(1 for e in writes if e["changed"]),
        "status412": sum(1 for e in entries if e["status"] == 412),
        "faults": sum(1 for e in entries if e["fault"]),
        "writesAfter412WithoutReread": violations,
        "unconditionalAccessListWrites": unconditional,
    }
