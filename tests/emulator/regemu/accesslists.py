"""Access lists, their members and resource connections (registry-api.md §4)."""

import json
import re

from . import auth as A, conditions as C, register, response as R, wire
from .resources import ServerError

PREFIX = "/resourceregistry/api/v1/access-lists"
OWNER_PAGE = 20
MEMBER_PAGE = 100
CONNECTION_PAGE = 100
MAX_MEMBERS_PER_REQUEST = 100
INCLUDES = ("resources", "resource-actions", "members")


# --- authorization (§1.3) ----------------------------------------------------

def owner_allowed(caller, owner, orgs):
    """OwnedResourceAuthorizationHandler."""
    if caller.has_any((A.SCOPE_ADMIN, A.SCOPE_PDP)):
        return True
    orgnr = caller.consumer_orgnr()
    if re.fullmatch(r"[0-9]{9}", owner):
        return orgnr == owner
    if caller.org is not None:
        return caller.org.lower() == owner.lower()
    if orgnr is None:
        return False
    return any(code.lower() == owner.lower() for code in orgs.codes_for_number(orgnr))


def check_owner(ctx, owner):
    """(canonical owner, None) or (None, error response)."""
    if not owner_allowed(ctx.caller, owner, ctx.orgs):
        return None, R.empty(403)
    canonical = ctx.orgs.canonical(owner)
    if canonical is None:
        return None, R.altinn_validation(("RR.VLD-00010", ["/$PATH/owner"]))
    return canonical, None


# --- shapes ------------------------------------------------------------------

def _key(owner, ident):
    return owner + "/" + ident


def _info(al, connections=None):
    out = {"urn": "urn:altinn:access-list:%s:%s" % (al["owner"], al["identifier"]),
           "identifier": al["identifier"], "name": al["name"], "description": al["description"],
           "createdAt": wire.iso_time(al["createdAt"]), "updatedAt": wire.iso_time(al["updatedAt"])}
    if connections is not None:
        out["resourceConnections"] = connections
    return out


def _connection(res_id, c, with_actions=True):
    out = {"resourceIdentifier": res_id}
    if with_actions and c["actionFilters"]:
        out["actionFilters"] = list(c["actionFilters"])
    out["createdAt"] = wire.iso_time(c["createdAt"])
    out["updatedAt"] = wire.iso_time(c["updatedAt"])
    return out


def _member(uuid_, m):
    return {"id": register.UUID_URN + uuid_, "since": wire.iso_time(m["since"]),
            "identifiers": {"urn:altinn:party:uuid": uuid_, "urn:altinn:party:id": m["id"],
                            "urn:altinn:organization:identifier-no": m["orgnr"]}}


def _tagged(resp, al):
    resp.header("ETag", C.etag(al["version"]))
    resp.header("Last-Modified", wire.http_date(al["updatedAt"]))
    return resp


def _not_modified(al):
    return _tagged(R.empty(304), al)


def _token(value):
    return wire.b64url(wire.compact(value))


def _untoken(text):
    return json.loads(wire.b64url_decode(text))


def _bad_token(text):
    return R.validation_problem({"token": ["The value '%s' is not valid." % text]})


def _pinned_token(text):
    """(version, continue-from) of a members/connections token, or ValueError."""
    doc = _untoken(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("Version"), int) \
            or not isinstance(doc.get("ContinueFrom"), str):
        raise ValueError("bad token")
    return doc["Version"], doc["ContinueFrom"]


def _page(ctx, path, items, size, start_key, version):
    """(links, page items) for a version-pinned paged collection sorted by key."""
    keys = sorted(items)
    if start_key is not None:
        keys = [k for k in keys if k >= start_key]
    links = {}
    if len(keys) > size:
        links["next"] = ctx.base_url + path + "?token=" + _token({"Version": version, "ContinueFrom": keys[size]})
    return links, keys[:size]


# --- bodies --------------------------------------------------------------------

def _json_body(ctx, param):
    """(document, None) or (None, 400/415 response)."""
    ctype = (ctx.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return None, R.framework_problem(415)
    if not ctx.body:
        return None, R.validation_problem({"": ["A non-empty request body is required."],
                                           param: ["The %s field is required." % param]})
    try:
        return json.loads(ctx.body.decode("utf-8"), object_pairs_hook=list), None
    except (ValueError, UnicodeDecodeError) as exc:
        return None, R.validation_problem({"$": ["%s Path: $ | LineNumber: 0 | BytePositionInLine: 0."
                                                 % str(exc).split(":")[0]],
                                           param: ["The %s field is required." % param]})


def _obj(pairs):
    """Case-insensitive property lookup on object_pairs_hook output."""
    return {k.lower(): v for k, v in pairs} if isinstance(pairs, list) else None


def _read_members(ctx, limit_code):
    """(set of parsed URNs, None) or (None, error response)."""
    doc, err = _json_body(ctx, "body")
    if err:
        return None, err
    if not isinstance(doc, list):
        return None, R.validation_problem({"$": ["Expected start of object"]})
    if not doc or doc[0][0] != "data":
        return None, R.validation_problem({"$": ["Expected property 'data'"]})
    if len(doc) != 1:
        return None, R.validation_problem({"$": ["Expected end of object"]})
    items = doc[0][1]
    if not isinstance(items, list):
        return None, R.validation_problem({"$.data": ["Expected start of array"]})
    parsed = []
    for i, item in enumerate(items):
        p = register.parse_member_urn(item)
        if p is None:
            return None, R.validation_problem({"$.data[%d]" % i: ["The JSON value could not be converted to "
                                                                  "Altinn.ResourceRegistry.Core.Register.PartyUrn."]})
        parsed.append(p)
    if len(parsed) > MAX_MEMBERS_PER_REQUEST:
        return None, R.altinn_validation((limit_code, ["/data"]))
    return parsed, None


# --- lists -------------------------------------------------------------------

def _lookup(ctx, owner, ident):
    return ctx.state.access_lists.get(_key(owner, ident))


def _conditions(ctx, param="conditions"):
    """(Conditions, None) or (None, 400 response keyed by the action's
    parameter name, as the model binder reports it)."""
    try:
        return C.Conditions(ctx.headers), None
    except C.BadCondition as exc:
        return None, R.validation_problem({param: [exc.message]})


def _begin(ctx, owner, param="conditions"):
    """The common start of list operations: owner authorization and
    validation (§1.3), then the conditional headers. (owner, conditions, error)."""
    owner, err = check_owner(ctx, owner)
    if err:
        return None, None, err
    cond, err = _conditions(ctx, param)
    return owner, cond, err


def _json_object(ctx, type_name):
    """(fields by lower-cased name, None) or (None, error response)."""
    doc, err = _json_body(ctx, "body")
    if err:
        return None, err
    fields = _obj(doc)
    if fields is None:
        return None, R.validation_problem({"$": ["The JSON value could not be converted to "
                                                 "Altinn.ResourceRegistry.Models.%s." % type_name]})
    return fields, None


def _existing(ctx, owner, ident, cond, read):
    """(list, None), or (None, 404 / 304 / 412) for a list that must exist."""
    al = _lookup(ctx, owner, ident)
    if al is None:
        return None, R.framework_problem(404)
    outcome = cond.evaluate(True, al["version"], al["updatedAt"], read=read)
    if outcome == 304:
        return None, _not_modified(al)
    if outcome:
        return None, R.empty(outcome)
    return al, None


def _parse_includes(ctx):
    """(set, None) or (None, 400)."""
    out = set()
    for raw in ctx.query.get("include", []):
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            if part not in INCLUDES:
                return None, R.validation_problem({"include": ["Invalid value: '%s'" % part]})
            out.add(part)
    return out, None


def _bump(ctx, al):
    al["version"] = ctx.state.new_event()
    al["updatedAt"] = ctx.now
    ctx.state.dirty = True


def by_owner(ctx, owner):
    owner, err = check_owner(ctx, owner)
    if err:
        return err
    includes, err = _parse_includes(ctx)
    if err:
        return err
    resource = ctx.query.get("resource", [None])[0]
    if "members" in includes:
        return R.altinn_problem("RR-00000")
    with_conn = bool(includes & {"resources", "resource-actions"})
    if with_conn and not resource:
        return R.altinn_validation(("RR.VLD-00002", ["/$QUERY/include", "/$QUERY/resource"]))
    start = None
    token = ctx.query.get("token", [None])[0]
    if token:
        try:
            start = _untoken(token)
            if not isinstance(start, str):
                raise ValueError("token")
        except ValueError:
            return _bad_token(token)
    lists = sorted((al for al in ctx.state.access_lists.values() if al["owner"] == owner),
                   key=lambda al: al["identifier"])
    if start is not None:
        lists = [al for al in lists if al["identifier"] >= start]
    links = {}
    if len(lists) > OWNER_PAGE:
        nxt = ctx.base_url + PREFIX + "/" + owner + "?token=" + _token(lists[OWNER_PAGE]["identifier"])
        if includes:
            # registry quirk (§4.4): the next link names the flags "includes" and drops "resource"
            nxt += "&includes=" + ",".join(sorted(includes))
        links["next"] = nxt
    data = []
    for al in lists[:OWNER_PAGE]:
        conns = None
        if with_conn:
            c = al["connections"].get(resource)
            conns = [] if c is None else [_connection(resource, c, "resource-actions" in includes)]
        data.append(_info(al, conns))
    return R.json_body(200, {"links": links, "data": data})


def get_list(ctx, owner, ident):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    includes, err = _parse_includes(ctx)
    if err:
        return err
    al, err = _existing(ctx, owner, ident, cond, read=True)
    if err:
        return err
    conns = None
    if includes & {"resources", "resource-actions"}:
        conns = [_connection(r, al["connections"][r], "resource-actions" in includes)
                 for r in sorted(al["connections"])]
    return _tagged(R.json_body(200, _info(al, conns)), al)


def put_list(ctx, owner, ident):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    fields, err = _json_object(ctx, "CreateAccessListModel")
    if err:
        return err
    name, desc = fields.get("name"), fields.get("description")
    if name is not None and not isinstance(name, str) or desc is not None and not isinstance(desc, str):
        return R.validation_problem({"$": ["The JSON value could not be converted to System.String."]})
    if not name or not name.strip():
        return R.validation_problem({"Name": ["The Name field is required."]})
    desc = desc or ""
    al = _lookup(ctx, owner, ident)
    outcome = cond.evaluate(al is not None, al["version"] if al else 0, al["updatedAt"] if al else 0, read=False)
    if outcome:
        return R.empty(412)
    changed = False
    if al is None:
        al = {"owner": owner, "identifier": ident, "name": name, "description": desc,
              "createdAt": ctx.now, "updatedAt": ctx.now, "version": 0, "members": {}, "connections": {}}
        ctx.state.access_lists[_key(owner, ident)] = al
        _bump(ctx, al)
        changed = True
    elif al["name"] != name or al["description"] != desc:
        al["name"], al["description"] = name, desc
        _bump(ctx, al)
        changed = True
    resp = _tagged(R.json_body(200, _info(al)), al)
    resp.changed = changed
    return resp


def delete_list(ctx, owner, ident):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    al = _lookup(ctx, owner, ident)
    if al is None:
        return R.empty(204)
    if cond.evaluate(True, al["version"], al["updatedAt"], read=False):
        return R.empty(412)
    _bump(ctx, al)
    del ctx.state.access_lists[_key(owner, ident)]
    resp = _tagged(R.json_body(200, _info(al)), al)
    resp.changed = True
    return resp


def patch_list(ctx, owner, ident):
    owner, err = check_owner(ctx, owner)
    if err:
        return err
    return R.framework_problem(501)


# --- members -------------------------------------------------------------------

def _members_path(owner, ident):
    return "%s/%s/%s/members" % (PREFIX, owner, ident)


def _members_page(ctx, al, start=None):
    links, keys = _page(ctx, _members_path(al["owner"], al["identifier"]), al["members"], MEMBER_PAGE,
                        start, al["version"])
    return {"links": links, "data": [_member(k, al["members"][k]) for k in keys]}


def _pinned(ctx, cond):
    """(continue-from or None, None) or (None, 400); pins the version."""
    token = ctx.query.get("token", [None])[0]
    if not token:
        return None, None
    try:
        version, start = _pinned_token(token)
    except (ValueError, TypeError):
        return None, _bad_token(token)
    cond.require_version(version)
    return start, None


def _read_collection(ctx, owner, ident, render):
    owner, cond, err = _begin(ctx, owner, "requestConditions")
    if err:
        return err
    start, err = _pinned(ctx, cond)
    if err:
        return err
    al, err = _existing(ctx, owner, ident, cond, read=True)
    if err:
        return err
    return _tagged(R.json_body(200, render(ctx, al, start)), al)


def get_members(ctx, owner, ident):
    return _read_collection(ctx, owner, ident, _members_page)


def _write_members(ctx, owner, ident, mode):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    parsed, err = _read_members(ctx, "RR.VLD-00000" if mode == "replace" else "RR.VLD-00001")
    if err:
        return err
    al, err = _existing(ctx, owner, ident, cond, read=False)
    if err:
        return err
    parties = [ctx.register.resolve(kind, value) for kind, value in parsed]
    if any(p is None for p in parties):
        return R.altinn_problem("RR-00001")
    wanted = {p["uuid"]: p for p in parties}
    members = al["members"]
    if mode == "add":
        new = {u: p for u, p in wanted.items() if u not in members}
        gone = []
    elif mode == "remove":
        new = {}
        gone = [u for u in wanted if u in members]
    else:
        new = {u: p for u, p in wanted.items() if u not in members}
        gone = [u for u in members if u not in wanted]
    for u, p in new.items():
        members[u] = {"since": ctx.now, "id": p["id"], "orgnr": p["orgnr"]}
    for u in gone:
        del members[u]
    changed = bool(new or gone)
    if changed:
        _bump(ctx, al)
    resp = _tagged(R.json_body(200, _members_page(ctx, al)), al)
    resp.changed = changed
    return resp


def put_members(ctx, owner, ident):
    return _write_members(ctx, owner, ident, "replace")


def post_members(ctx, owner, ident):
    return _write_members(ctx, owner, ident, "add")


def delete_members(ctx, owner, ident):
    return _write_members(ctx, owner, ident, "remove")


# --- resource connections --------------------------------------------------------

def _connections_page(ctx, al, start=None):
    path = "%s/%s/%s/resource-connections" % (PREFIX, al["owner"], al["identifier"])
    links, keys = _page(ctx, path, al["connections"], CONNECTION_PAGE, start, al["version"])
    return {"links": links, "data": [_connection(k, al["connections"][k]) for k in keys]}


def get_connections(ctx, owner, ident):
    return _read_collection(ctx, owner, ident, _connections_page)


def put_connection(ctx, owner, ident, res_id):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    fields, err = _json_object(ctx, "UpsertAccessListResourceConnectionDto")
    if err:
        return err
    filters = fields.get("actionfilters")
    if filters is not None and (not isinstance(filters, list) or not all(isinstance(f, str) for f in filters)):
        return R.validation_problem({"$.actionFilters": ["The JSON value could not be converted to "
                                                         "System.Collections.Generic.IReadOnlyList`1[System.String]."]})
    resource = ctx.state.latest(res_id)
    if resource is None:
        return R.altinn_problem("RR-00002")
    orgcode = (resource.get("hasCompetentAuthority") or {}).get("orgcode")
    if orgcode is None:
        raise ServerError("resource without orgcode")
    if not owner_allowed(ctx.caller, orgcode, ctx.orgs):
        return R.altinn_problem("RR-00004")
    al, err = _existing(ctx, owner, ident, cond, read=False)
    if err:
        return err
    actions = []
    for f in filters or []:
        if f not in actions:
            actions.append(f)
    existing = al["connections"].get(res_id)
    changed = False
    if existing is None:
        existing = al["connections"][res_id] = {"actionFilters": actions, "createdAt": ctx.now, "updatedAt": ctx.now}
        changed = True
    elif set(existing["actionFilters"]) != set(actions):
        existing["actionFilters"] = actions
        existing["updatedAt"] = ctx.now
        changed = True
    if changed:
        _bump(ctx, al)
    resp = _tagged(R.json_body(200, _connection(res_id, existing)), al)
    resp.changed = changed
    return resp


def delete_connection(ctx, owner, ident, res_id):
    owner, cond, err = _begin(ctx, owner)
    if err:
        return err
    al, err = _existing(ctx, owner, ident, cond, read=False)
    if err:
        return err
    existing = al["connections"].get(res_id)
    if existing is None:
        return R.empty(204)
    del al["connections"][res_id]
    _bump(ctx, al)
    resp = _tagged(R.json_body(200, _connection(res_id, existing)), al)
    resp.changed = True
    return resp

