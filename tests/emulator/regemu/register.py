"""The service-owner org list (registry-api.md §1.3) and a fake Register that
maps organization numbers to parties (§4.2, §4.7)."""

import re
import uuid

# A small copy of altinn-orgs.json: code -> (org number, Norwegian name).
# ttd has no number of its own; ServiceOwnerLookup gives it Digdir's.
DEFAULT_ORGS = {
    "ttd": ("", "Testdepartementet"),
    "digdir": ("991825827", "Digitaliseringsdirektoratet"),
    "skd": ("974761076", "Skatteetaten"),
    "nav": ("889640782", "Arbeids- og velferdsetaten"),
    "brg": ("974760673", "Brønnøysundregistrene"),
    "dsb": ("974760983", "Direktoratet for samfunnssikkerhet og beredskap"),
    "ssb": ("971526920", "Statistisk sentralbyrå"),
    "udir": ("970018131", "Utdanningsdirektoratet"),
}
TTD_NUMBER = "991825827"

PARTY_NAMESPACE = uuid.UUID("6f1c2b0e-5a4e-4e0b-9d3a-7c1f00a1e7a1")
PARTY_ID_BASE = 1_000_000_000

ORG_URN = "urn:altinn:organization:identifier-no:"
UUID_URN = "urn:altinn:party:uuid:"
ID_URN = "urn:altinn:party:id:"
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def mod11_ok(orgnr):
    """The check digit of a Norwegian organization number."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    rest = sum(int(d) * w for d, w in zip(orgnr[:8], weights)) % 11
    check = 0 if rest == 0 else 11 - rest
    return check != 10 and check == int(orgnr[8])


class Orgs:
    def __init__(self, orgs=None):
        self.orgs = dict(orgs or DEFAULT_ORGS)

    def canonical(self, code):
        """The org list's own spelling of code (case-insensitive), or None."""
        low = code.lower()
        for key in self.orgs:
            if key.lower() == low:
                return key
        return None

    def number(self, code):
        key = self.canonical(code)
        if key is None:
            return None
        num = self.orgs[key][0]
        return num or (TTD_NUMBER if key == "ttd" else "")

    def codes_for_number(self, orgnr):
        return [c for c in self.orgs if self.number(c) == orgnr]

    def as_json(self):
        out = {}
        for code, (num, name) in sorted(self.orgs.items()):
            out[code] = {"name": {"en": name, "nb": name, "nn": name}, "logo": "",
                         "orgnr": num, "homepage": "", "environments": ["at22", "tt02", "production"]}
        return {"orgs": out}


class Register:
    """Parties are organizations only. Known organizations: every 9-digit
    number (mode "all"), those with a valid check digit (mode "mod11"), minus
    any number listed as unknown."""

    def __init__(self, mode="all", unknown=()):
        self.mode = mode
        self.unknown = set(unknown)
        self.by_uuid = {}

    def known_orgnr(self, orgnr):
        if not re.fullmatch(r"[0-9]{9}", orgnr) or orgnr in self.unknown:
            return False
        return self.mode != "mod11" or mod11_ok(orgnr)

    @staticmethod
    def party_uuid(orgnr):
        return str(uuid.uuid5(PARTY_NAMESPACE, orgnr))

    @staticmethod
    def party_id(orgnr):
        return PARTY_ID_BASE + int(orgnr)

    def party(self, orgnr):
        p = {"uuid": self.party_uuid(orgnr), "id": self.party_id(orgnr), "orgnr": orgnr}
        self.by_uuid[p["uuid"]] = orgnr
        return p

    def resolve(self, kind, value):
        """The party for a parsed member URN, or None when Register does not
        know it. A party uuid is known once its organization has been seen."""
        if kind == "org":
            orgnr = value
        elif kind == "uuid":
            orgnr = self.by_uuid.get(value)
        else:
            n = value - PARTY_ID_BASE
            orgnr = "%09d" % n if 0 <= n < 1_000_000_000 else None
        if orgnr is None or not self.known_orgnr(orgnr):
            return None
        return self.party(orgnr)


def parse_member_urn(value):
    """('org'|'uuid'|'id', normalized value) or None when the URN is not one
    of the three accepted forms (a JSON conversion error at the server)."""
    if not isinstance(value, str):
        return None
    if value.startswith(ORG_URN):
        rest = value[len(ORG_URN):]
        return ("org", rest) if re.fullmatch(r"[0-9]{9}", rest) else None
    if value.startswith(UUID_URN):
        rest = value[len(UUID_URN):]
        if not _UUID_RE.match(rest):
            return None
        return ("uuid", str(uuid.UUID(rest)))
    if value.startswith(ID_URN):
        rest = value[len(ID_URN):]
        return ("id", int(rest)) if re.fullmatch(r"[0-9]{1,18}", rest) else None
    return None
