"""Responses and the error body shapes of registry-api.md §1.6, §2.5, §4.6."""

from . import wire

JSON = "application/json; charset=utf-8"
PROBLEM = "application/problem+json; charset=utf-8"

REASONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed",
           413: "Payload Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests",
           500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
           503: "Service Unavailable", 504: "Gateway Timeout"}

RFC_SECTION = {400: "15.5.1", 401: "15.5.2", 403: "15.5.4", 404: "15.5.5", 405: "15.5.6",
               409: "15.5.10", 412: "15.5.13", 415: "15.5.16", 500: "15.6.1"}


class Response:
    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status = status
        self.body = body
        self.headers = list(headers or [])
        if content_type is not None:
            self.headers.insert(0, ("Content-Type", content_type))
        self.changed = False      # set by handlers when state was modified

    def header(self, name, value):
        self.headers.append((name, value))
        return self


def empty(status, headers=None):
    return Response(status, b"", None, headers)


def json_body(status, value, headers=None):
    return Response(status, wire.dumps(value), JSON, headers)


def json_string(status, text):
    """Bodies of actions that return a string under [Produces("application/json")]."""
    return Response(status, wire.compact(text), JSON)


def text(status, body, content_type="text/plain; charset=utf-8"):
    return Response(status, body.encode("utf-8"), content_type)


def framework_problem(status):
    """The RFC 7807 body ASP.NET adds to bare status results."""
    return Response(status, wire.dumps({
        "type": "https://tools.ietf.org/html/rfc9110#section-" + RFC_SECTION.get(status, "15.5.1"),
        "title": REASONS.get(status, "Error"),
        "status": status,
        "traceId": wire.trace_id(),
    }), PROBLEM)


def validation_problem(errors):
    """ASP.NET ValidationProblemDetails: errors is {key: [messages]}."""
    return Response(400, wire.dumps({
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "One or more validation errors occurred.",
        "status": 400,
        "errors": errors,
        "traceId": wire.trace_id(),
    }), PROBLEM)


# Altinn ProblemDetails (altinn-authorization-utils), registry-api.md §4.6.
PROBLEMS = {
    "RR-00000": (501, "Members are not supported yet as an include option for this endpoint."),
    "RR-00001": (400, "One or more party references not found."),
    "RR-00002": (400, "One or more resource references not found."),
    "RR-00004": (403, "Cannot create a access-list connection to a resource not owned by the "
                      "same service-owner as the access-list."),
}

VALIDATION_ERRORS = {
    "RR.VLD-00000": "Cannot replace more than 100 members at a time. Use POST and DELETE methods instead.",
    "RR.VLD-00001": "Cannot add or remove more than 100 members at a time.",
    "RR.VLD-00002": "Resource identifier is required when including resource connections.",
    "RR.VLD-00003": "At least 1 party must be specified.",
    "RR.VLD-00004": "Invalid party URN.",
    "RR.VLD-00005": "Invalid resource URN.",
    "RR.VLD-00006": "Multiple parties currently not supported.",
    "RR.VLD-00007": "Multiple resources currently not supported.",
    "RR.VLD-00008": "Limit must be between 1 and 1000.",
    "RR.VLD-00009": "Invalid skipPast parameter; must be a comma-separated pair of URNs.",
    "RR.VLD-00010": "Access list owner must be a valid and registered org-code.",
    "RR.VLD-00011": "Value outside valid range.",
}


def altinn_problem(code):
    status, title = PROBLEMS[code]
    return Response(status, wire.dumps({
        "type": "urn:altinn:error:" + code,
        "title": title,
        "status": status,
        "code": code,
        "statusDescription": REASONS[status],
    }), PROBLEM)


def altinn_validation(*errors):
    """errors: (code, [paths]) pairs."""
    return Response(400, wire.dumps({
        "type": "urn:altinn:error:STD-00000",
        "title": "One or more validation errors occurred.",
        "status": 400,
        "code": "STD-00000",
        "statusDescription": "Bad Request",
        "validationErrors": [{"code": c, "title": VALIDATION_ERRORS[c], "paths": list(p)}
                             for (c, p) in errors],
    }), PROBLEM)
