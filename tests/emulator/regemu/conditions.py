"""Optimistic concurrency for access lists (registry-api.md §4.5): weak
ETags carrying the aggregate version, If-Match / If-None-Match and the date
conditions, 304 and 412."""

import json
import re

from . import wire


class BadCondition(Exception):
    """A header the model binder rejects (→ 400 under the parameter's name)."""

    def __init__(self, header, message):
        super().__init__(message)
        self.message = message


def etag(version):
    return 'W/"%s"' % wire.b64url(wire.compact({"version": str(version)}))


_ENTITY_TAG = re.compile(r'^(W/)?"[^"]*"$')


def _parse_tags(header, value):
    """'*' or a set of versions."""
    items = [raw.strip() for raw in value.split(",") if raw.strip()]
    if items == ["*"]:
        return "*"
    if not all(_ENTITY_TAG.match(raw) for raw in items):
        raise BadCondition(header, "Invalid %s header." % header)
    tags = set()
    for raw in items:
        if not raw.startswith('W/'):
            raise BadCondition(header, "Invalid %s header. Only weak etags are supported." % header)
        try:
            doc = json.loads(wire.b64url_decode(raw[3:-1]))
            tags.add(int(doc["version"]))
        except (ValueError, KeyError, TypeError):
            raise BadCondition(header, "Invalid %s header. Invalid etag." % header) from None
    return tags


def _date(headers, name):
    values = headers.get_all(name) or []
    if len(values) != 1:
        return None
    return wire.parse_http_date(values[0])


class Conditions:
    def __init__(self, headers):
        im = ",".join(headers.get_all("If-Match") or [])
        inm = ",".join(headers.get_all("If-None-Match") or [])
        self.if_match = _parse_tags("If-Match", im) if im.strip() else None
        self.if_none_match = _parse_tags("If-None-Match", inm) if inm.strip() else None
        self.if_unmodified_since = None if self.if_match is not None else _date(headers, "If-Unmodified-Since")
        self.if_modified_since = None if self.if_none_match is not None else _date(headers, "If-Modified-Since")

    def require_version(self, version):
        """Add an implicit If-Match (a version-pinned continuation token)."""
        if self.if_match is None:
            self.if_match = {version}
        elif self.if_match != "*":
            self.if_match = self.if_match & {version}
            if not self.if_match:
                self.if_match = {-1}

    def evaluate(self, exists, version, updated_at, read):
        """None when the request may proceed, else 304 or 412."""
        if self.if_match is not None:
            if not exists or (self.if_match != "*" and version not in self.if_match):
                return 412
        elif self.if_unmodified_since is not None:
            if not exists or int(updated_at) > self.if_unmodified_since:
                return 412
        if self.if_none_match is not None:
            if exists and (self.if_none_match == "*" or version in self.if_none_match):
                return 304 if read else 412
        elif self.if_modified_since is not None:
            if exists and int(updated_at) <= self.if_modified_since:
                return 304 if read else 412
        return None
