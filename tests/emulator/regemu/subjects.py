"""Subject-index read endpoints (registry-api.md §2.1, §3.3): bysubjects and
the updated feed, built from the stored policies."""

import datetime
import json

from . import policy, response as R, wire

PREFIX = "/resourceregistry/api/v1/resource"


def _us(t):
    return int(round(t * 1_000_000))


def _urn(attr_id, value):
    return {"type": attr_id, "value": value, "urn": attr_id + ":" + value}


def policy_subjects(data):
    """Lower-cased, de-duplicated subject URNs of a stored policy."""
    try:
        root = policy.parse_policy(data)
    except policy.BadPolicy:
        return []
    out = []
    for rule in root.iter(policy.XACML + "Rule"):
        for attr_id, value in policy._matches(rule, policy.CAT_SUBJECT):
            u = attr_id + ":" + value.lower()
            if u not in out:
                out.append(u)
    return out


def _split(urn):
    attr, _, value = urn.rpartition(":")
    return _urn(attr, value)


def bysubjects(ctx):
    ctype = (ctx.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return R.framework_problem(415)
    try:
        wanted = json.loads(ctx.body.decode("utf-8"))
        if not isinstance(wanted, list) or not all(isinstance(s, str) for s in wanted):
            raise ValueError("not a list of strings")
    except (ValueError, UnicodeDecodeError):
        return R.validation_problem({"$": ["The JSON value could not be converted to "
                                           "System.Collections.Generic.List`1[System.String]."]})
    index = {}
    for ident in sorted(ctx.state.resources):
        e = ctx.state.resources[ident]
        if e["deleted"] or e["policy"] is None:
            continue
        for s in policy_subjects(e["policy"]):
            index.setdefault(s, []).append(ident)
    data = []
    for s in wanted:
        key = s.lower()
        if key in index:
            data.append({"subject": _split(key),
                         "resources": [_urn("urn:altinn:resource", r) for r in index[key]]})
    return R.json_body(200, {"links": {}, "data": data})


def updated(ctx):
    since_text = ctx.query.get("since", [None])[0]
    try:
        since = datetime.datetime.fromisoformat(since_text.replace("Z", "+00:00")).timestamp() if since_text else 0.0
    except ValueError:
        return R.validation_problem({"since": ["The value '%s' is not valid." % since_text]})
    try:
        limit = int(ctx.query.get("limit", ["1000"])[0])
    except ValueError:
        limit = 0
    if not 1 <= limit <= 1000:
        return R.altinn_validation(("RR.VLD-00008", []))
    rows = []
    for ident, e in ctx.state.resources.items():
        if e["deleted"] or e["policy"] is None or _us(e["policy_at"]) < _us(since):
            continue
        for s in policy_subjects(e["policy"]):
            rows.append((e["policy_at"], "urn:altinn:resource:" + ident, s))
    rows.sort()
    token = ctx.query.get("token", [None])[0]
    if token:
        try:
            t = json.loads(wire.b64url_decode(token))
            skip = (t["ResourceUrn"], t["SubjectUrn"])
        except (ValueError, KeyError, TypeError):
            return R.validation_problem({"token": ["The value '%s' is not valid." % token]})
        rows = [r for r in rows if not (_us(r[0]) == _us(since) and (r[1], r[2]) <= skip)]
    page = rows[:limit]
    links = {}
    if len(rows) > limit:
        last = page[-1]
        links["next"] = "%s%s/updated?since=%s&token=%s&limit=%d" % (
            ctx.base_url, PREFIX, wire.iso_time(last[0]).replace("+", "%2B"),
            wire.b64url(wire.compact({"ResourceUrn": last[1], "SubjectUrn": last[2]})), limit)
    return R.json_body(200, {"links": links, "data": [
        {"subjectUrn": s, "resourceUrn": r, "updatedAt": wire.iso_time(t), "deleted": False} for t, r, s in page]})
