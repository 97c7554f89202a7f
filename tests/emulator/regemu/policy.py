"""Policy upload and download (registry-api.md §3): multipart parsing, the
XACML checks done on upload, and the derived read endpoints."""

import hashlib
import re
import xml.etree.ElementTree as ET

from . import response as R, resources

XACML = "{urn:oasis:names:tc:xacml:3.0:core:schema:wd-17}"
CAT_RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
CAT_ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
CAT_SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
MAX_POLICY = 4 * 1024 * 1024


class BadPolicy(Exception):
    """The Altinn XACML parser would throw (→ 500)."""


def parse_multipart(content_type, body):
    """{part name: bytes} of a multipart/form-data body, or None when the
    body is not a well-formed multipart form."""
    m = re.search(r'boundary=("?)([^";]+)\1', content_type or "", re.IGNORECASE)
    if not m:
        return None
    delim = b"--" + m.group(2).encode("latin-1")
    parts = {}
    pieces = body.split(delim)
    if len(pieces) < 3 or not pieces[-1].startswith(b"--"):
        return None
    for piece in pieces[1:-1]:
        if piece.startswith(b"\r\n"):
            piece = piece[2:]
        elif piece.startswith(b"\n"):
            piece = piece[1:]
        if piece.endswith(b"\r\n"):
            piece = piece[:-2]
        elif piece.endswith(b"\n"):
            piece = piece[:-1]
        sep = piece.find(b"\r\n\r\n")
        seplen = 4
        if sep < 0:
            sep = piece.find(b"\n\n")
            seplen = 2
        if sep < 0:
            return None
        head = piece[:sep].decode("latin-1")
        disp = re.search(r'^content-disposition:\s*form-data(.*)$', head, re.IGNORECASE | re.MULTILINE)
        if not disp:
            continue
        name = re.search(r';\s*name="([^"]*)"', disp.group(1)) or re.search(r';\s*name=([^;\s]+)', disp.group(1))
        if name:
            parts.setdefault(name.group(1), piece[sep + seplen:])
    return parts


def _text(el):
    return el.text or ""


def parse_policy(data):
    """The root Policy element, or BadPolicy."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BadPolicy("DTD is prohibited")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise BadPolicy(str(exc)) from None
    if root.tag != XACML + "Policy":
        raise BadPolicy("root element is not a XACML 3.0 Policy")
    for attr in ("PolicyId", "RuleCombiningAlgId"):
        if not root.get(attr):
            raise BadPolicy("Policy lacks " + attr)
    for rule in root.iter(XACML + "Rule"):
        if not rule.get("RuleId") or rule.get("Effect") not in ("Permit", "Deny"):
            raise BadPolicy("Rule lacks RuleId or a valid Effect")
    for match in root.iter(XACML + "Match"):
        value = match.find(XACML + "AttributeValue")
        designator = match.find(XACML + "AttributeDesignator")
        selector = match.find(XACML + "AttributeSelector")
        if not match.get("MatchId") or value is None or not value.get("DataType"):
            raise BadPolicy("Match lacks MatchId or AttributeValue")
        if designator is None and selector is None:
            raise BadPolicy("Match lacks an AttributeDesignator")
        if designator is not None:
            if not designator.get("Category") or not designator.get("AttributeId") or not designator.get("DataType"):
                raise BadPolicy("AttributeDesignator lacks Category, AttributeId or DataType")
            mbp = designator.get("MustBePresent")
            if mbp is not None and mbp.lower() not in ("true", "false"):
                raise BadPolicy("MustBePresent is not a boolean")
    return root


def _matches(rule, category):
    """[(attribute id, value)] of the Matches in the rule's Target on category."""
    target = rule.find(XACML + "Target")
    out = []
    if target is None:
        return out
    for match in target.iter(XACML + "Match"):
        d = match.find(XACML + "AttributeDesignator")
        if d is not None and d.get("Category") == category:
            out.append((d.get("AttributeId"), _text(match.find(XACML + "AttributeValue"))))
    return out


def check_rules(root, ident):
    """None when every rule references the resource, else the 400 message."""
    parts = ident.split("_")
    app = (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "app" else None
    for rule in root.iter(XACML + "Rule"):
        res = _matches(rule, CAT_RESOURCE)
        if any(a == "urn:altinn:resource" and v != ident for a, v in res):
            return "Policy not accepted: Contains rules for a different registry resource"
        if any(a == "urn:altinn:resource" and v == ident for a, v in res):
            continue
        if app and any(a == "urn:altinn:org" and v.lower() == app[0].lower() for a, v in res) \
                and any(a == "urn:altinn:app" and v.lower() == app[1].lower() for a, v in res):
            continue
        return "Policy not accepted: Contains rule without reference to registry resource id"
    return None


def write(ctx, ident):
    ctype = ctx.headers.get("Content-Type") or ""
    if not ctype.lower().startswith("multipart/form-data"):
        return R.framework_problem(415)
    parts = parse_multipart(ctype, ctx.body)
    if parts is None:
        return R.validation_problem({"": ["Failed to read the request form. Unexpected end of Stream, "
                                          "the content may have already been read by another component. "]})
    data = parts.get("policyFile")
    if data is None:
        return R.json_string(400, "The policy file can not be null")
    if not ident.strip():
        return R.json_string(400, "Unknown resource")
    st = ctx.state
    resource = st.latest(ident)
    if resource is None:
        return R.json_string(400, "Unknown resource")
    if not resources.has_write_access(ctx.caller, (resource["hasCompetentAuthority"] or {}).get("organization")):
        return R.empty(403)
    if len(data) > MAX_POLICY:
        return R.framework_problem(500)
    try:
        root = parse_policy(data)
    except BadPolicy:
        return R.framework_problem(500)
    problem = check_rules(root, ident)
    if problem:
        return R.json_string(400, problem)
    entry = st.resources[ident]
    entry["policy"] = bytes(data)
    entry["policy_at"] = ctx.now
    resources.record_change(st, ident, ctx.now)
    st.dirty = True
    resp = R.empty(201, [("Location", ident + "/policy")])
    resp.changed = True
    return resp


def _stored(ctx, ident):
    entry = ctx.state.resources.get(ident)
    if entry is None or entry["deleted"] or entry["policy"] is None:
        return None
    return entry["policy"]


def get(ctx, ident):
    if ctx.state.latest(ident) is None:
        return R.text(404, "Unable to find resource")
    data = _stored(ctx, ident)
    if data is None:
        return R.text(404, "Unable to find requested policy")
    return R.Response(200, data, "text/xml", [
        ("Content-Disposition", "attachment; filename=policy.xml; filename*=UTF-8''policy.xml")])


def _value(attr_id, value):
    return {"type": attr_id, "value": value}


def flatten(root):
    """PolicyRule list: one per subject AllOf × action AllOf × resource AllOf."""
    rules = []
    for rule in root.iter(XACML + "Rule"):
        target = rule.find(XACML + "Target")
        groups = {CAT_SUBJECT: [], CAT_ACTION: [], CAT_RESOURCE: []}
        if target is None:
            raise BadPolicy("rule without target")
        for anyof in target.findall(XACML + "AnyOf"):
            cats = set()
            allofs = []
            for allof in anyof.findall(XACML + "AllOf"):
                matches = []
                for match in allof.findall(XACML + "Match"):
                    d = match.find(XACML + "AttributeDesignator")
                    cat = d.get("Category") if d is not None else None
                    cats.add(cat)
                    matches.append(_value(d.get("AttributeId") if d is not None else "",
                                          _text(match.find(XACML + "AttributeValue"))))
                allofs.append(matches)
            if len(cats) != 1:
                raise BadPolicy("AnyOf mixes categories")
            cat = cats.pop()
            if cat in groups:
                groups[cat].extend(allofs)
        if not all(groups.values()):
            raise BadPolicy("rule lacks subject, action or resource")
        for subj in groups[CAT_SUBJECT]:
            for act in groups[CAT_ACTION]:
                if len(act) != 1:
                    raise BadPolicy("action AllOf must have exactly one Match")
                for res in groups[CAT_RESOURCE]:
                    rules.append({"subject": subj, "action": act[0], "resource": res})
    return rules


def rules(ctx, ident):
    data = _stored(ctx, ident)
    if data is None:
        return R.framework_problem(404)
    try:
        return R.json_body(200, flatten(parse_policy(data)))
    except BadPolicy:
        return R.empty(500)


def _right_key(action, resource):
    ordered = sorted(resource, key=lambda r: r["type"] + ":" + r["value"])
    key = action["value"] + "".join(";" + r["value"] for r in ordered)
    digest_input = action["value"] + "".join(";" + r["type"] + ":" + r["value"] for r in ordered)
    return key + ";" + hashlib.md5(digest_input.encode("utf-16-le")).hexdigest()


def rights(ctx, ident):
    data = _stored(ctx, ident)
    if data is None:
        return R.framework_problem(404)
    try:
        flat = flatten(parse_policy(data))
    except BadPolicy:
        return R.empty(500)
    grouped = {}
    for r in flat:
        key = _right_key(r["action"], r["resource"])
        g = grouped.setdefault(key, {"action": r["action"], "resource": r["resource"], "subjects": [],
                                     "rightKey": key, "subjectTypes": set()})
        g["subjects"].append({"subjectAttributes": r["subject"]})
        g["subjectTypes"].update(s["type"].lower() for s in r["subject"])
    out = []
    for g in grouped.values():
        g["subjectTypes"] = sorted(g["subjectTypes"])
        out.append(g)
    return R.json_body(200, out)


def subjects(ctx, ident):
    data = _stored(ctx, ident)
    if data is None:
        return R.framework_problem(404)
    try:
        root = parse_policy(data)
    except BadPolicy:
        return R.framework_problem(404)
    seen = []
    for rule in root.iter(XACML + "Rule"):
        for attr_id, value in _matches(rule, CAT_SUBJECT):
            item = {"type": attr_id, "value": value.lower(), "urn": attr_id + ":" + value.lower()}
            if item not in seen:
                seen.append(item)
    if not seen:
        return R.framework_problem(404)
    return R.json_body(200, {"links": {}, "data": seen})


