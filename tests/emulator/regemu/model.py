"""The ServiceResource model (registry-api.md §2.2): reading a request body
the way System.Text.Json binds it (case-insensitive names, unknown names
ignored, enums by name or number) and writing it back (nulls omitted)."""

RESOURCE_TYPES = {"Default": 0, "Systemresource": 1, "MaskinportenSchema": 2, "Altinn2Service": 4,
                  "AltinnApp": 8, "GenericAccessResource": 16, "BrokerService": 32,
                  "CorrespondenceService": 64, "Consent": 128, "MigratedApp": 256}
ACCESS_LIST_MODES = {"Disabled": 0, "Enabled": 1}
AVAILABLE_FOR = {"PrivatePerson": 0, "LegalEntityEnterprise": 1, "Company": 2, "BankruptcyEstate": 3,
                 "SelfRegisteredUser": 4}
REFERENCE_SOURCES = {"Default": 0, "Altinn1": 1, "Altinn2": 2, "Altinn3": 3, "ExternalPlatform": 4}
REFERENCE_TYPES = {"Default": 0, "Uri": 1, "DelegationSchemeId": 2, "MaskinportenScope": 3,
                   "ServiceCode": 4, "ServiceEditionCode": 5, "ApplicationId": 6, "ServiceEditionVersion": 7}

ENUM_TYPE_NAMES = {id(RESOURCE_TYPES): "ResourceType", id(ACCESS_LIST_MODES): "ResourceAccessListMode",
                   id(AVAILABLE_FOR): "ResourceAvailableForType", id(REFERENCE_SOURCES): "ReferenceSource",
                   id(REFERENCE_TYPES): "ReferenceType"}


class ModelError(Exception):
    def __init__(self, path, type_name):
        super().__init__(path)
        self.path = path
        self.type_name = type_name


def _string(v, path):
    if v is None or isinstance(v, str):
        return v
    raise ModelError(path, "System.String")


def _bool(v, path):
    if isinstance(v, bool):
        return v
    raise ModelError(path, "System.Boolean")


def _lang(v, path):
    if v is None:
        return None
    if not isinstance(v, dict):
        raise ModelError(path, "System.Collections.Generic.Dictionary`2[System.String,System.String]")
    for k, s in v.items():
        _string(s, path + "." + k)
    return dict(v)


def _list(item):
    def conv(v, path):
        if v is None:
            return None
        if not isinstance(v, list):
            raise ModelError(path, "System.Collections.Generic.List")
        return [item(x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]
    return conv


def _enum(table):
    names = {k.lower(): k for k in table}
    numbers = {n: k for k, n in table.items()}

    def conv(v, path):
        if isinstance(v, str) and v.strip().lower() in names:
            return names[v.strip().lower()]
        if isinstance(v, int) and not isinstance(v, bool) and v in numbers:
            return numbers[v]
        raise ModelError(path, "Altinn.ResourceRegistry.Core.Enums." + ENUM_TYPE_NAMES[id(table)])
    return conv


def _object(fields):
    """fields: [(jsonName, converter, default)]."""
    def conv(v, path):
        if v is None:
            return None
        if not isinstance(v, dict):
            raise ModelError(path, "object")
        by_lower = {}
        for k, x in v.items():
            by_lower[k.lower()] = (k, x)
        out = {}
        for name, converter, default in fields:
            if name.lower() in by_lower:
                out[name] = converter(by_lower[name.lower()][1], path + "." + name)
            else:
                out[name] = default() if callable(default) else default
        return out
    return conv


CONTACT_POINT = _object([("category", _string, None), ("email", _string, None),
                         ("telephone", _string, None), ("contactPage", _string, None)])
REFERENCE = _object([("referenceSource", lambda v, p: None if v is None else _enum(REFERENCE_SOURCES)(v, p), None),
                     ("reference", _string, None),
                     ("referenceType", lambda v, p: None if v is None else _enum(REFERENCE_TYPES)(v, p), None)])
AUTHORITY = _object([("organization", _string, None), ("orgcode", _string, None),
                     ("name", _lang, lambda: {})])
KEYWORD = _object([("word", _string, None), ("language", _string, None)])
AUTH_REF = _object([("id", _string, None), ("value", _string, None)])
CONSENT_META = lambda v, p: None if v is None else {  # noqa: E731
    k: _object([("optional", _bool, False)])(x, p + "." + k) for k, x in _dict_or_error(v, p).items()}


def _dict_or_error(v, p):
    if not isinstance(v, dict):
        raise ModelError(p, "System.Collections.Generic.Dictionary")
    return v


def _version_id(v, path):
    if v is None or (isinstance(v, int) and not isinstance(v, bool)):
        return v
    raise ModelError(path, "System.Int64")


RESOURCE_FIELDS = [
    ("identifier", _string, None),
    ("version", _string, None),
    ("title", _lang, None),
    ("description", _lang, None),
    ("rightDescription", _lang, None),
    ("homepage", _string, None),
    ("status", _string, None),
    ("spatial", _list(_string), None),
    ("contactPoints", _list(CONTACT_POINT), None),
    ("produces", _list(_string), None),
    ("isPartOf", _string, None),
    ("thematicAreas", _list(_string), None),
    ("resourceReferences", _list(REFERENCE), None),
    ("delegable", _bool, True),
    ("visible", _bool, True),
    ("hasCompetentAuthority", AUTHORITY, None),
    ("keywords", _list(KEYWORD), None),
    ("accessListMode", _enum(ACCESS_LIST_MODES), "Disabled"),
    ("selfIdentifiedUserEnabled", _bool, False),
    ("enterpriseUserEnabled", _bool, False),
    ("resourceType", _enum(RESOURCE_TYPES), "Default"),
    ("availableForType", _list(_enum(AVAILABLE_FOR)), None),
    ("authorizationReference", _list(AUTH_REF), None),
    ("consentTemplate", _string, None),
    ("consentText", _lang, None),
    ("consentMetadata", CONSENT_META, None),
    ("isOneTimeConsent", _bool, False),
    ("versionId", _version_id, None),
]
_RESOURCE = _object(RESOURCE_FIELDS)


def read_resource(doc):
    """(model, errors): errors maps JSON paths to messages, as the framework
    reports binding failures."""
    if not isinstance(doc, dict):
        return None, {"$": ["The JSON value could not be converted to "
                            "Altinn.ResourceRegistry.Core.Models.ServiceResource. Path: $ | LineNumber: 0 | "
                            "BytePositionInLine: 1."], "serviceResource": ["The serviceResource field is required."]}
    try:
        return _RESOURCE(doc, "$"), {}
    except ModelError as exc:
        return None, {exc.path: ["The JSON value could not be converted to %s. Path: %s | LineNumber: 0 | "
                                 "BytePositionInLine: 1." % (exc.type_name, exc.path)],
                      "serviceResource": ["The serviceResource field is required."]}


def write_value(v):
    """Drop nulls recursively (dictionary values of language maps are kept)."""
    if isinstance(v, dict):
        return {k: write_value(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [write_value(x) for x in v]
    return v


def required_errors(model):
    """The [Required] data annotations, evaluated on PUT only."""
    errors = {}
    for key, field in (("Identifier", "identifier"), ("Title", "title"), ("Description", "description"),
                       ("ContactPoints", "contactPoints"), ("HasCompetentAuthority", "hasCompetentAuthority")):
        v = model.get(field)
        if v is None or (isinstance(v, str) and not v.strip()):
            errors[key] = ["The %s field is required." % key]
    return errors
