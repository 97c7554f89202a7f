"""ServiceResourceHelper.ValidateResource (registry-api.md §2.4, §2.5)."""

import re

_CREATE_ID = re.compile(r"^[a-z0-9_-]{4,}$")
_A1_APP_ID = re.compile(r"^app_[a-z0-9]+_a1-.+:[a-z0-9.]+$", re.IGNORECASE)
APP_TYPES = ("AltinnApp", "MigratedApp")


def _blank(s):
    return s is None or not isinstance(s, str) or not s.strip()


def _refs(model):
    return model.get("resourceReferences") or []


def validate(model, create):
    """{key: [messages]} in the server's order; empty when valid."""
    errors = {}

    def add(key, msg):
        errors.setdefault(key, []).append(msg)

    ident = model["identifier"]
    rtype = model["resourceType"]
    authority = model["hasCompetentAuthority"] or {}
    orgcode = authority.get("orgcode") or ""
    types = {r.get("referenceType") for r in _refs(model)}
    if ident.startswith("se_") and not ("ServiceCode" in types and "ServiceEditionCode" in types):
        add("Identifier", "Invalid prefix. Only to be used for Altinn 2 services")
    if ident.startswith("app_") and rtype not in APP_TYPES:
        add("Identifier", "Invalid Prefix. app_ is only for Altinn Studio apps")
    if rtype == "Default":
        add("ResourceType", "ResourceType needs to be set")
    if not model["hasCompetentAuthority"] or (_blank(authority.get("organization")) and orgcode.lower() != "ttd"):
        add("HasCompetentAuthority.Organization", "HasCompetentAuthority needs to be set with valid organization number")
    if rtype in APP_TYPES:
        prefix = ("app_" + orgcode).lower()
        if not ident.lower().startswith(prefix):
            add("Identifier", "Invalid identifier for app resource. App resources needs to have an identifier "
                              "starting with app_<org>")
        appname = ident[len(prefix) + 1:] if len(ident) > len(prefix) else ""
        wanted = (orgcode + "/" + appname).lower()
        if not any(r.get("referenceType") == "ApplicationId" and r.get("referenceSource") == "Altinn3"
                   and (r.get("reference") or "").lower() == wanted for r in _refs(model)):
            add("ResourceReferences", "Invalid resource references for app resource. App resources needs to have a "
                                      "reference with ReferenceType=ApplicationId, ReferenceSource=Altinn3 and "
                                      "Reference=<org>/<appname>")
    if create and not (_CREATE_ID.match(ident) or _A1_APP_ID.match(ident)):
        add("Identifier", "Invalid id. Only a-z and 0-9 is allowed together with _ and -.  Minimum 4 characters")
    for field, key, label in (("title", "Title", "title"), ("rightDescription", "RightDescription", "RightDescription"),
                              ("description", "Description", "Description")):
        if field == "rightDescription" and not model["delegable"]:
            continue
        texts = model.get(field) or {}
        for lang, name in (("en", "english"), ("nb", "bokmal"), ("nn", "nynorsk")):
            if _blank(texts.get(lang)):
                add(key, "Missing %s in %s %s" % (label, name, lang))
    if rtype == "MaskinportenSchema" and "MaskinportenScope" not in types:
        add("ResourceReferences", "Missing maskinporten scopen for MaskinportenSchema resource")
    return errors
