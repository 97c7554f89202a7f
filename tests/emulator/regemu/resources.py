"""Resource endpoints (registry-api.md §2)."""

import json

from . import auth as A, model as M, response as R, validate as V, wire

PREFIX = "/resourceregistry/api/v1/resource"


class ServerError(Exception):
    """What the real server would answer with a 500 (an exception)."""


def has_write_access(caller, organization):
    """AuthorizationUtil.HasWriteAccess (§1.3): admin by substring, else the
    consumer org number against the resource's organization."""
    if "resource.admin" in caller.scope_string:
        return True
    orgnr = caller.consumer_orgnr()
    if orgnr is None or organization is None:
        raise ServerError("consumer claim or organization missing")
    return orgnr.lower() == organization.lower()


def scope_prefix_failure(caller, model):
    """MaskinportenSchemaAuthorizer (§2.6): a 401 response or None."""
    if A.SCOPE_ADMIN in caller.scopes:
        return None
    prefixes = caller.consumer_prefixes()
    bad = [r.get("reference") or "" for r in (model.get("resourceReferences") or [])
           if r.get("referenceType") == "MaskinportenScope"
           and not any((r.get("reference") or "").startswith(p + ":") for p in prefixes)]
    if not bad:
        return None
    return R.json_body(401, {"title": "Unauthorized",
                             "detail": "Not authorized for creating resource with the listed scopes",
                             "errors": {"InvalidPrefix": bad}})


def _read_body(ctx):
    """(model, error response)."""
    ctype = (ctx.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return None, R.framework_problem(415)
    if not ctx.body:
        return None, R.validation_problem({"": ["A non-empty request body is required."],
                                           "serviceResource": ["The serviceResource field is required."]})
    try:
        doc = json.loads(ctx.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return None, R.validation_problem({"$": ["%s Path: $ | LineNumber: 0 | BytePositionInLine: 0." %
                                                 str(exc).split(":")[0]],
                                           "serviceResource": ["The serviceResource field is required."]})
    model, errors = M.read_resource(doc)
    if errors:
        return None, R.validation_problem(errors)
    return model, None


def output(model):
    return M.write_value(model)


def create(ctx):
    model, err = _read_body(ctx)
    if err:
        return err
    if model["identifier"] is None or model["hasCompetentAuthority"] is None:
        raise ServerError("validator dereferences null")
    errors = V.validate(model, create=True)
    if errors:
        return R.validation_problem(errors)
    if "\0" in model["identifier"]:
        return R.json_string(400, "Invalid resource identifier")
    if not has_write_access(ctx.caller, model["hasCompetentAuthority"].get("organization")):
        return R.empty(403)
    failure = scope_prefix_failure(ctx.caller, model)
    if failure:
        return failure
    ident = model["identifier"]
    st = ctx.state
    if ident in st.resources:
        return R.json_string(409, "The Resource already exist: " + ident)
    model["versionId"] = st.next_version_id
    st.next_version_id += 1
    st.resources[ident] = {"versions": [model], "deleted": False, "policy": None, "policy_at": None}
    st.dirty = True
    resp = R.empty(201, [("Location", PREFIX + "/" + ident)])
    resp.changed = True
    return resp


def update(ctx, ident):
    st = ctx.state
    if st.latest(ident) is None:
        return R.framework_problem(404)
    model, err = _read_body(ctx)
    if err:
        return err
    if model["identifier"] != ident:
        return R.json_string(400, "Id in path does not match ID in resource")
    errors = M.required_errors(model)
    if errors:
        return R.validation_problem(errors)
    errors = V.validate(model, create=False)
    if errors:
        return R.validation_problem(errors)
    if not has_write_access(ctx.caller, model["hasCompetentAuthority"].get("organization")):
        return R.empty(403)
    failure = scope_prefix_failure(ctx.caller, model)
    if failure:
        return failure
    model["versionId"] = st.next_version_id
    st.next_version_id += 1
    st.resources[ident]["versions"].append(model)
    if st.resources[ident]["policy_at"] is not None:
        record_change(st, ident, ctx.now)
    st.dirty = True
    resp = R.empty(200)
    resp.changed = True
    return resp


def get(ctx, ident):
    entry = ctx.state.resources.get(ident)
    if entry is None or entry["deleted"]:
        return R.framework_problem(404)
    wanted = ctx.query.get("versionid")
    if wanted:
        try:
            n = int(wanted[0])
        except ValueError:
            return R.validation_problem({"versionId": ["The value '%s' is not valid." % wanted[0]]})
        for m in entry["versions"]:
            if m["versionId"] == n:
                return R.json_body(200, output(m))
        return R.framework_problem(404)
    return R.json_body(200, output(entry["versions"][-1]))


def delete(ctx, ident):
    if ctx.environment.lower() == "prod":
        return R.text(403, "Delete operation is not allowed in %s environment" % ctx.environment.upper())
    st = ctx.state
    latest = st.latest(ident)
    if latest is None:
        return R.framework_problem(404)
    if "urn:altinn:orgNumber" in ctx.caller.claims and \
            not has_write_access(ctx.caller, latest["hasCompetentAuthority"].get("organization")):
        return R.empty(403)
    entry = st.resources[ident]
    entry["versions"] = []
    entry["deleted"] = True
    entry["policy"] = None
    st.changes = [c for c in st.changes if c[0] != ident]
    st.dirty = True
    resp = R.empty(204)
    resp.changed = True
    return resp


def _authorization_reference(ident):
    parts = ident.split("_")
    if ident.startswith("app_") and len(parts) >= 3:
        return [{"id": "urn:altinn:org", "value": parts[1]}, {"id": "urn:altinn:app", "value": "_".join(parts[2:])}]
    return [{"id": "urn:altinn:resource", "value": ident}]


def resource_list(ctx):
    migrated = (ctx.query.get("includemigratedapps", ["false"])[0].lower() == "true")
    out = []
    for ident in sorted(ctx.state.resources):
        m = ctx.state.latest(ident)
        if m is None or (m["resourceType"] == "MigratedApp" and not migrated):
            continue
        item = dict(m)
        item["authorizationReference"] = _authorization_reference(ident)
        out.append(output(item))
    return R.json_body(200, out)


def _search_match(m, q):
    def first(name):
        v = q.get(name.lower())
        return v[0] if v else None
    rid, desc, rtype = first("id"), first("description"), first("resourceType")
    kw, ref, orgcode, orgid = first("keyword"), first("reference"), first("orgCode"), first("organizationId")
    if rid and rid.lower() not in m["identifier"].lower():
        return False
    if desc and not any(desc.lower() in (t or "").lower() for t in (m.get("description") or {}).values()):
        return False
    if rtype:
        conv = M._enum(M.RESOURCE_TYPES)
        try:
            wanted = conv(int(rtype) if rtype.isdigit() else rtype, "$")
        except M.ModelError:
            raise ValueError(rtype) from None
        if m["resourceType"] != wanted:
            return False
    if kw and not any(kw.lower() in (k.get("word") or "").lower() for k in (m.get("keywords") or [])):
        return False
    if ref and not any(ref.lower() in (r.get("reference") or "").lower() for r in (m.get("resourceReferences") or [])):
        return False
    auth = m.get("hasCompetentAuthority") or {}
    if orgcode and (auth.get("orgcode") or "").lower() != orgcode.lower():
        return False
    if orgid and (auth.get("organization") or "") != orgid:
        return False
    return True


def search(ctx):
    out = []
    for ident in sorted(ctx.state.resources):
        entry = ctx.state.resources[ident]
        if entry["deleted"]:
            continue
        try:
            matching = [m for m in entry["versions"]
                        if m["resourceType"] not in ("AltinnApp", "MigratedApp") and _search_match(m, ctx.query)]
        except ValueError as exc:
            return R.validation_problem({"resourceType": ["The value '%s' is not valid." % exc]})
        if matching:
            out.append(output(matching[-1]))
    return R.json_body(200, out)


def orgs(ctx):
    return R.json_body(200, ctx.orgs.as_json())


def record_change(st, ident, now):
    """The change feed keeps each resource once, at its latest change; only
    resources that have had a policy uploaded appear."""
    st.changes = [c for c in st.changes if c[0] != ident] + [(ident, now, st.new_event())]


def changes(ctx):
    """GET /resource/changes: paginated by change id."""
    limit_text = ctx.query.get("limit", ["1000"])[0]
    try:
        limit = int(limit_text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= 1000:
        return R.altinn_validation(("RR.VLD-00011", ["/$QUERY/limit"]))
    after = 0
    token = ctx.query.get("token", [None])[0]
    if token:
        try:
            after = int(json.loads(wire.b64url_decode(token)))
        except (ValueError, TypeError):
            return R.validation_problem({"token": ["The value '%s' is not valid." % token]})
    feed = [c for c in ctx.state.changes if c[2] > after]
    page = feed[:limit]
    links = {}
    if len(feed) > limit:
        links["next"] = ctx.base_url + PREFIX + "/changes?token=%s&limit=%d" % (
            wire.b64url(wire.compact(page[-1][2])), limit)
    return R.json_body(200, {"links": links, "data": [{"resourceId": r, "changedAt": wire.iso_time(t)}
                                                       for r, t, _ in page]})
