"""Wire formats shared by every module: the registry's JSON style, dates,
base64url and the trace ids the framework puts into problem bodies."""

import base64
import datetime
import email.utils
import json
import os


def dumps(value):
    """Serialize like the registry: indented (2 spaces), nulls already
    omitted by the caller, non-ASCII escaped (System.Text.Json's default
    encoder escapes it too)."""
    return json.dumps(value, indent=2, ensure_ascii=True).encode("utf-8")


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("utf-8")


def b64url(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if isinstance(text, bytes):
        text = text.decode("ascii")
    if any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def iso_time(ts):
    """A DateTimeOffset as System.Text.Json writes it: up to 7 fraction
    digits with trailing zeros dropped, offset +00:00."""
    dt = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    frac = "%06d" % dt.microsecond
    frac = frac.rstrip("0")
    if frac:
        text += "." + frac
    return text + "+00:00"


def http_date(ts):
    return email.utils.formatdate(int(ts), usegmt=True)


def parse_http_date(text):
    try:
        dt = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.timestamp()


def trace_id():
    return "00-%s-%s-00" % (os.urandom(16).hex(), os.urandom(8).hex())
