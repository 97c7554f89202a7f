#!/usr/bin/env python3
"""A hostile HTTP server for tests/hostile/cases/http-*.sh.

    python3 httpd.py MODE LOG [ARG]

Listens on 127.0.0.1 on a random port, prints the port on the first line
of standard output, then answers every request the same way, per MODE.
Each request's line and headers are appended to LOG (so a case can check
what reached it, e.g. that no Authorization header did).  Python 3
standard library only; one thread per connection; runs until killed.

Modes:
  log          204, nothing else (a redirect target that records)
  truncated    Content-Length: 100000, 20 bytes, then close
  gzip-bomb    Content-Encoding: gzip, a stream expanding to 4 GiB
  huge-header  a 10 MB header line
  many-headers 100,000 headers
  html         200 text/html, an error page where JSON is expected
  json         200 application/json {"not":"xml"} (also where XML is expected)
  bad-json     200, invalid JSON
  deep-json    200, JSON nested 100,000 deep
  huge-number  200, JSON numbers with 100,000 digits and exponents
  endless      200 chunked, chunks forever
  slow         200, Content-Length 100, one byte per second
  endless-pages  200, a page whose links.next is the same path with
               ?page=N+1, without end
  always-412   412 Precondition Failed to everything
  redirect     ARG is "301 URL": that status with Location: URL
  token        ARG is a file: its bytes as a 200 application/json answer
  dir          ARG is a folder: the file named as the path's last segment
               as a 200 answer (404 when there is none)
  raw          ARG is a file: its bytes as the whole answer (status line
               and headers included), then close
"""
import os
import socket
import socketserver
import sys
import threading
import time
import zlib

MODE = sys.argv[1]
LOG = sys.argv[2]
ARG = sys.argv[3] if len(sys.argv) > 3 else ""
LOCK = threading.Lock()


def gzip_bomb_blocks():
    """A gzip header with a first block, then a block that can repeat:
    after a full flush deflate starts afresh, so the same input gives
    the same bytes again."""
    chunk = bytes(16 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    return first, again


class Handler(socketserver.StreamRequestHandler):
    def read_request(self):
        head = []
        length = 0
        line = self.rfile.readline(1 << 16)
        if not line:
            return None
        head.append(line.decode("latin-1").rstrip("\r\n"))
        while True:
            h = self.rfile.readline(1 << 16)
            if not h or h in (b"\r\n", b"\n"):
                break
            text = h.decode("latin-1").rstrip("\r\n")
            head.append(text)
            if text.lower().startswith("content-length:"):
                length = int(text.split(":", 1)[1].strip() or 0)
        if length:
            self.rfile.read(length)
        with LOCK, open(LOG, "a", encoding="latin-1") as f:
            f.write("\n".join(head) + "\n\n")
        return head

    def send(self, data):
        self.wfile.write(data)
        self.wfile.flush()

    def answer(self, status, ctype, body, extra=b""):
        self.send(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
                  % (status, ctype, len(body), extra) + body)

    def handle(self):
        try:
            while True:
                head = self.read_request()
                if head is None or not self.one(head):
                    break
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass

    def one(self, head):
        m = MODE
        if m == "log":
            self.send(b"HTTP/1.1 204 No Content\r\n\r\n")
            return True
        if m == "truncated":
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100000\r\n\r\n{\"identifier\":\"x")
            return False
        if m == "gzip-bomb":
            first, again = BOMB
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Encoding: gzip\r\nConnection: close\r\n\r\n")
            self.send(first)
            for _ in range(255):  # 256 x 16 MiB = 4 GiB expanded
                self.send(again)
            return False
        if m == "huge-header":
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Huge: "
                      + b"a" * (10 << 20) + b"\r\nContent-Length: 2\r\n\r\n{}")
            return False
        if m == "many-headers":
            hs = b"".join(b"X-H%d: v\r\n" % i for i in range(100000))
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + hs
                      + b"Content-Length: 2\r\n\r\n{}")
            return False
        if m == "html":
            self.answer(200, b"text/html", b"<!DOCTYPE html><html><body><h1>Service Unavailable"
                        b"</h1><p>{\"data\":[]}</p></body></html>")
            return True
        if m == "json":
            self.answer(200, b"application/json", b'{"not":"xml","data":[]}')
            return True
        if m == "bad-json":
            self.answer(200, b"application/json", b'{"identifier": "x", "data": [1, 2,, }')
            return True
        if m == "deep-json":
            self.answer(200, b"application/json", b"[" * 100000 + b"]" * 100000)
            return True
        if m == "huge-number":
            big = b"9" * 100000
            self.answer(200, b"application/json",
                        b'{"identifier":"x","n":' + big + b',"e":1e999999999,"links":{},"data":[{"id":"urn:x",'
                        b'"identifiers":{"urn:altinn:party:id":' + big + b'}}],'
                        b'"access_token":' + big + b'}')
            return True
        if m == "endless":
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n%s\r\n" % (1 << 16, b" " * (1 << 16))
            while True:
                self.send(chunk)
        if m == "slow":
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
            for _ in range(100):
                self.send(b" ")
                time.sleep(1)
            return False
        if m == "endless-pages":
            host = next(h.split(":", 1)[1].strip() for h in head if h.lower().startswith("host:"))
            target = head[0].split(" ")[1]
            path, _, query = target.partition("?")
            page = int(query.split("=", 1)[1]) if query.startswith("page=") else 1
            body = ('{"links":{"next":"http://%s%s?page=%d"},"data":[{"id":"urn:altinn:party:uuid:%d",'
                    '"resourceIdentifier":"r%d"}]}' % (host, path, page + 1, page, page)).encode()
            self.answer(200, b"application/json", body)
            return True
        if m == "always-412":
            self.answer(412, b"application/json", b'{"title":"Precondition Failed"}')
            return True
        if m == "redirect":
            status, url = ARG.split(" ", 1)
            self.answer(int(status), b"text/html", b"<a>moved</a>",
                        b"Location: " + url.encode() + b"\r\n")
            return True
        if m == "token":
            with open(ARG, "rb") as f:
                self.answer(200, b"application/json", f.read())
            return True
        if m == "dir":
            path = head[0].split(" ")[1].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            try:
                with open(os.path.join(ARG, path), "rb") as f:
                    self.answer(200, b"application/json", f.read())
            except OSError:
                self.answer(404, b"application/json", b"{}")
            return True
        if m == "raw":
            with open(ARG, "rb") as f:
                self.send(f.read())
            return False
        raise SystemExit("unknown mode " + m)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


BOMB = gzip_bomb_blocks() if MODE == "gzip-bomb" else None
srv = Server(("127.0.0.1", 0), Handler)
print(srv.server_address[1], flush=True)
srv.serve_forever()
