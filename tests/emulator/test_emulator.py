#!/usr/bin/env python3
"""Contract tests for the registry emulator (registry-api.md). Run:
python3 -m unittest tests/emulator/test_emulator.py  (or `make emulator-check`)."""

import http.client
import json
import os
import stat
import subprocess
import shutil
import socket
import tempfile
import threading
import time
import unittest
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emu_client import Conn, Process, assertion, claims_of, jwt, multipart, wire

RR = "/resourceregistry/api/v1"
WRITE = "altinn:resourceregistry/resource.write"
ADMIN = "altinn:resourceregistry/resource.admin"
AL_READ = "altinn:resourceregistry/accesslist.read"
AL_WRITE = "altinn:resourceregistry/accesslist.write"
PUBLISHER = " ".join((WRITE, AL_READ, AL_WRITE))
DIGDIR = "991825827"
SKD = "974761076"
UNKNOWN_ORG = "999999999"

TMP = None
EMU = None
KEY = None      # private key of client "digdir-client" (kid k1)
SKD_KEY = None  # private key of client "skd-client" (no kid)


def setUpModule():
    global TMP, EMU, KEY, SKD_KEY
    TMP = tempfile.mkdtemp(prefix="emu-test-")
    KEY = jwt.generate_private_key()
    SKD_KEY = jwt.generate_private_key()
    with open(os.path.join(TMP, "digdir.jwk.json"), "w") as f:
        json.dump(jwt.public_jwk(KEY.public_key(), "k1"), f)
    with open(os.path.join(TMP, "skd.pem"), "wb") as f:
        f.write(jwt.public_pem(SKD_KEY.public_key()))
    EMU = Process("--memory", "--client", "digdir-client", DIGDIR, os.path.join(TMP, "digdir.jwk.json"),
                  "--client", "skd-client", SKD, os.path.join(TMP, "skd.pem"), "--unknown-org", UNKNOWN_ORG)


def tearDownModule():
    rc = EMU.stop()
    shutil.rmtree(TMP, ignore_errors=True)
    if rc != 0:
        raise AssertionError("emulator exit status %d on SIGTERM" % rc)


def resource_body(ident, org=DIGDIR, orgcode="ttd", **extra):
    body = {"identifier": ident,
            "title": {"nb": "Tittel", "nn": "Tittel", "en": "Title"},
            "description": {"nb": "Beskriving", "nn": "Beskriving", "en": "Description"},
            "rightDescription": {"nb": "R", "nn": "R", "en": "R"},
            "contactPoints": [{"category": "Support", "email": "a@example.no", "telephone": "", "contactPage": ""}],
            "hasCompetentAuthority": {"organization": org, "orgcode": orgcode,
                                      "name": {"nb": "T", "nn": "T", "en": "T"}},
            "resourceType": "GenericAccessResource"}
    body.update(extra)
    return body


def policy_xml(ident, rules=None):
    rule = """<xacml:Rule RuleId="urn:altinn:example:ruleid:1" Effect="Permit">
    <xacml:Target>
      <xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
        <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">dagl</xacml:AttributeValue>
        <xacml:AttributeDesignator AttributeId="urn:altinn:rolecode" Category="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
      </xacml:Match></xacml:AllOf></xacml:AnyOf>
      <xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
        <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">%s</xacml:AttributeValue>
        <xacml:AttributeDesignator AttributeId="urn:altinn:resource" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
      </xacml:Match></xacml:AllOf></xacml:AnyOf>
      <xacml:AnyOf><xacml:AllOf><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
        <xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">read</xacml:AttributeValue>
        <xacml:AttributeDesignator AttributeId="urn:oasis:names:tc:xacml:1.0:action:action-id" Category="urn:oasis:names:tc:xacml:3.0:attribute-category:action" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
      </xacml:Match></xacml:AllOf></xacml:AnyOf>
    </xacml:Target>
  </xacml:Rule>"""
    if rules is None:
        rules = [ident]
    body = "".join(rule % r for r in rules)
    return ("""<?xml version="1.0" encoding="utf-8"?>
<xacml:Policy xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="urn:altinn:policyid:1" Version="1.0" RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides">
  <xacml:Target/>
  %s
</xacml:Policy>
""" % body).encode("utf-8")


class Base(unittest.TestCase):
    def setUp(self):
        self.c = EMU.connect()
        r = self.c.request("POST", "/__emulator/reset", json_body={"faults": "defaults"})
        self.assertEqual(r.status, 200)

    def tearDown(self):
        self.c.close()

    def mint(self, org="ttd", scopes=PUBLISHER, **kw):
        body = {"org": org, "scopes": scopes.split()}
        body.update(kw)
        return self.c.request("POST", "/__emulator/mint-token", json_body=body).json()["token"]

    def faults(self, **cfg):
        r = self.c.request("PUT", "/__emulator/faults", json_body=cfg)
        self.assertEqual(r.status, 200, r.body)

    def log(self):
        return self.c.request("GET", "/__emulator/log").json()["entries"]

    def create(self, ident, token=None, **extra):
        r = self.c.request("POST", RR + "/resource", json_body=resource_body(ident, **extra), token=token or self.mint())
        self.assertEqual(r.status, 201, r.body)
        return r

    def upload(self, ident, xml, token=None):
        body, ctype = multipart("policyFile", xml)
        return self.c.request("POST", RR + "/resource/%s/policy" % ident, body=body,
                              headers={"Content-Type": ctype}, token=token or self.mint())


class TestMaskinportenAndExchange(Base):
    aud = property(lambda self: EMU.base_url + "/maskinporten/")

    def grant(self, a):
        body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + a
        return self.c.request("POST", "/maskinporten/token", body=body,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})

    def test_full_flow_gives_a_token_the_registry_accepts(self):
        r = self.grant(assertion("digdir-client", KEY, self.aud, PUBLISHER, kid="k1"))
        self.assertEqual(r.status, 200, r.body)
        doc = r.json()
        self.assertEqual(doc["token_type"], "Bearer")
        self.assertEqual(doc["scope"], PUBLISHER)
        mp = claims_of(doc["access_token"])
        self.assertEqual(mp["consumer"], {"authority": "iso6523-actorid-upis", "ID": "0192:" + DIGDIR})
        # the registry does not accept a Maskinporten token
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-mp"), token=doc["access_token"])
        self.assertEqual(r.status, 401)
        x = self.c.request("GET", "/authentication/api/v1/exchange/maskinporten", token=doc["access_token"])
        self.assertEqual(x.status, 200)
        self.assertTrue(x.header("content-type").startswith("text/plain"))
        altinn = x.body.decode()
        claims = claims_of(altinn)
        self.assertEqual(claims["urn:altinn:orgNumber"], DIGDIR)
        self.assertEqual(claims["urn:altinn:authenticatemethod"], "maskinporten")
        self.assertNotIn("urn:altinn:org", claims)
        for dropped in ("aud", "client_amr"):
            self.assertNotIn(dropped, claims)
        self.assertNotEqual(claims["jti"], mp["jti"])
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-flow"), token=altinn)
        self.assertEqual(r.status, 201, r.body)
        # JSON accept gets a quoted string
        x = self.c.request("GET", "/authentication/api/v1/exchange/maskinporten", token=doc["access_token"],
                           headers={"Accept": "application/json"})
        self.assertEqual(x.body[:1], b'"')

    def test_serviceowner_scope_adds_org_claim_and_test_maps_digdir_to_ttd(self):
        r = self.grant(assertion("digdir-client", KEY, self.aud, "altinn:serviceowner " + WRITE, kid="k1"))
        tok = r.json()["access_token"]
        x = self.c.request("GET", "/authentication/api/v1/exchange/maskinporten", token=tok)
        self.assertEqual(claims_of(x.body.decode())["urn:altinn:org"], "digdir")
        x = self.c.request("GET", "/authentication/api/v1/exchange/maskinporten?test=true", token=tok)
        self.assertEqual(claims_of(x.body.decode())["urn:altinn:org"], "ttd")

    def test_assertion_checks(self):
        now = int(time.time())
        cases = {
            "wrong aud": assertion("digdir-client", KEY, "https://maskinporten.no/", WRITE, kid="k1"),
            "expired": assertion("digdir-client", KEY, self.aud, WRITE, kid="k1", iat=now - 300, lifetime=60),
            "too long": assertion("digdir-client", KEY, self.aud, WRITE, kid="k1", lifetime=300),
            "future iat": assertion("digdir-client", KEY, self.aud, WRITE, kid="k1", iat=now + 300),
            "wrong key": assertion("digdir-client", SKD_KEY, self.aud, WRITE, kid="k1"),
            "unknown kid": assertion("digdir-client", KEY, self.aud, WRITE, kid="k2"),
            "no kid": assertion("digdir-client", KEY, self.aud, WRITE),
            "unknown client": assertion("nobody", KEY, self.aud, WRITE, kid="k1"),
        }
        for name, a in cases.items():
            r = self.grant(a)
            self.assertEqual(r.status, 400, name)
            self.assertEqual(r.json()["error"], "invalid_grant", name)
        self.assertEqual(self.grant(assertion("skd-client", SKD_KEY, self.aud, WRITE)).status, 200)

    def test_jti_replay_and_scopes(self):
        a = assertion("digdir-client", KEY, self.aud, WRITE, kid="k1")
        self.assertEqual(self.grant(a).status, 200)
        r = self.grant(a)
        self.assertEqual((r.status, r.json()["error"]), (400, "invalid_grant"))
        r = self.grant(assertion("digdir-client", KEY, self.aud, "not:a-scope", kid="k1"))
        self.assertEqual((r.status, r.json()["error"]), (400, "invalid_scope"))
        r = self.c.request("POST", "/maskinporten/token", body="grant_type=password",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.json()["error"], "unsupported_grant_type")

    def test_exchange_rejections(self):
        self.assertEqual(self.c.request("GET", "/authentication/api/v1/exchange/maskinporten").status, 401)
        self.assertEqual(self.c.request("GET", "/authentication/api/v1/exchange/facebook", token="x").status, 400)
        altinn = self.mint()
        self.assertEqual(self.c.request("GET", "/authentication/api/v1/exchange/maskinporten",
                                        token=altinn).status, 401)


class TestRegistryAuth(Base):
    def test_missing_invalid_expired_token_is_401_with_empty_body(self):
        for token in (None, "abc", self.mint(lifetime=1)):
            if token and token != "abc":
                self.c.request("POST", "/__emulator/clock", json_body={"advance": 5})
            r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-auth"), token=token)
            self.assertEqual((r.status, r.body), (401, b""))
        self.c.request("POST", "/__emulator/clock", json_body={"offset": 0})

    def test_scope_and_ownership(self):
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-scope"),
                           token=self.mint(scopes=AL_WRITE))
        self.assertEqual((r.status, r.body), (403, b""))
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("skd-owned", org=SKD, orgcode="skd"),
                           token=self.mint())
        self.assertEqual(r.status, 403)
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("skd-owned", org=SKD, orgcode="skd"),
                           token=self.mint(scopes=ADMIN))
        self.assertEqual(r.status, 201)
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("skd-own2", org=SKD, orgcode="skd"),
                           token=self.mint(org="skd"))
        self.assertEqual(r.status, 201)

    def test_expire_tokens_makes_issued_tokens_401(self):
        old = self.mint()
        r = self.c.request("POST", "/__emulator/expire-tokens", json_body={})
        self.assertGreaterEqual(r.json()["expired"], 1)
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-exp"), token=old)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.header("www-authenticate"), "Bearer")
        self.create("ttd-exp")

    def test_subscription_key_not_required_by_default(self):
        self.assertEqual(self.c.request("GET", RR + "/resource/orgs").status, 200)


class TestResources(Base):
    def test_create_get_update_versions(self):
        r = self.create("ttd-res-1")
        self.assertEqual(r.header("location"), RR + "/resource/ttd-res-1")
        self.assertEqual(r.body, b"")
        g = self.c.request("GET", RR + "/resource/ttd-res-1")
        doc = g.json()
        self.assertEqual(doc["resourceType"], "GenericAccessResource")
        self.assertEqual(doc["accessListMode"], "Disabled")
        self.assertIs(doc["delegable"], True)
        self.assertNotIn("homepage", doc)
        v1 = doc["versionId"]
        body = resource_body("ttd-res-1", homepage="https://example.no", resourcetype="correspondenceservice",
                             limitedByRRR=True)
        del body["resourceType"]
        r = self.c.request("PUT", RR + "/resource/ttd-res-1", json_body=body, token=self.mint())
        self.assertEqual((r.status, r.body), (200, b""))
        doc = self.c.request("GET", RR + "/resource/ttd-res-1").json()
        self.assertEqual(doc["resourceType"], "CorrespondenceService")
        self.assertGreater(doc["versionId"], v1)
        self.assertNotIn("limitedByRRR", doc)
        old = self.c.request("GET", RR + "/resource/ttd-res-1?versionId=%d" % v1).json()
        self.assertNotIn("homepage", old)
        self.assertTrue(self.c.request("GET", RR + "/resource/ttd-res-1").body.startswith(b"{\n  \"identifier\""))

    def test_conflict_and_delete_never_reuses_identifier(self):
        self.create("ttd-res-2")
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-res-2"), token=self.mint())
        self.assertEqual((r.status, r.body), (409, b'"The Resource already exist: ttd-res-2"'))
        r = self.c.request("DELETE", RR + "/resource/ttd-res-2", token=self.mint())
        self.assertEqual(r.status, 204)
        self.assertEqual(self.c.request("GET", RR + "/resource/ttd-res-2").status, 404)
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-res-2"), token=self.mint())
        self.assertEqual(r.status, 409)
        r = self.c.request("PUT", RR + "/resource/ttd-res-2", json_body=resource_body("ttd-res-2"), token=self.mint())
        self.assertEqual(r.status, 404)
        self.assertEqual(self.c.request("DELETE", RR + "/resource/ttd-res-2", token=self.mint()).status, 404)

    def test_put_errors(self):
        r = self.c.request("PUT", RR + "/resource/ttd-nope", json_body=resource_body("ttd-nope"), token=self.mint())
        self.assertEqual(r.status, 404)
        self.assertEqual(r.json()["title"], "Not Found")
        self.create("ttd-res-3")
        r = self.c.request("PUT", RR + "/resource/ttd-res-3", json_body=resource_body("ttd-other"), token=self.mint())
        self.assertEqual((r.status, r.body), (400, b'"Id in path does not match ID in resource"'))
        body = resource_body("ttd-res-3")
        del body["contactPoints"]
        r = self.c.request("PUT", RR + "/resource/ttd-res-3", json_body=body, token=self.mint())
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["errors"]["ContactPoints"], ["The ContactPoints field is required."])

    def test_validation_messages(self):
        body = resource_body("Bad.Id", resourceType="Default", title={"nb": "x"})
        del body["rightDescription"]
        r = self.c.request("POST", RR + "/resource", json_body=body, token=self.mint())
        self.assertEqual(r.status, 400)
        self.assertTrue(r.header("content-type").startswith("application/problem+json"))
        doc = r.json()
        self.assertEqual(doc["type"], "https://tools.ietf.org/html/rfc9110#section-15.5.1")
        self.assertEqual(doc["title"], "One or more validation errors occurred.")
        e = doc["errors"]
        self.assertEqual(e["ResourceType"], ["ResourceType needs to be set"])
        self.assertIn("Invalid id. Only a-z and 0-9 is allowed together with _ and -.  Minimum 4 characters",
                      e["Identifier"])
        self.assertEqual(e["Title"], ["Missing title in english en", "Missing title in nynorsk nn"])
        self.assertEqual(len(e["RightDescription"]), 3)
        body = resource_body("app_ttd_x", resourceType="GenericAccessResource", delegable=False)
        r = self.c.request("POST", RR + "/resource", json_body=body, token=self.mint())
        self.assertIn("Invalid Prefix. app_ is only for Altinn Studio apps", r.json()["errors"]["Identifier"])
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-enum", resourceType="Nope"),
                           token=self.mint())
        self.assertIn("$.resourceType", r.json()["errors"])
        r = self.c.request("POST", RR + "/resource", body=b"{", headers={"Content-Type": "application/json"},
                           token=self.mint())
        self.assertEqual(r.status, 400)
        r = self.c.request("POST", RR + "/resource", body=b"{}", headers={"Content-Type": "text/plain"},
                           token=self.mint())
        self.assertEqual(r.status, 415)

    def test_maskinporten_scope_prefix_is_401(self):
        refs = [{"referenceSource": "ExternalPlatform", "reference": "skd:foo", "referenceType": "MaskinportenScope"}]
        body = resource_body("ttd-mps", resourceType="MaskinportenSchema", resourceReferences=refs)
        r = self.c.request("POST", RR + "/resource", json_body=body, token=self.mint())
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["errors"]["InvalidPrefix"], ["skd:foo"])
        r = self.c.request("POST", RR + "/resource", json_body=body, token=self.mint(consumerPrefix=["skd"]))
        self.assertEqual(r.status, 201)

    def test_owner_checks_on_delete_and_policy_of_deleted_resource(self):
        self.create("ttd-del")
        self.assertEqual(self.c.request("DELETE", RR + "/resource/ttd-del", token=self.mint(org="skd")).status, 403)
        self.assertEqual(self.c.request("DELETE", RR + "/resource/ttd-del", token=self.mint(scopes=ADMIN, org="skd"))
                         .status, 204)
        r = self.upload("ttd-del", policy_xml("ttd-del"))
        self.assertEqual((r.status, r.body), (400, b'"Unknown resource"'))
        h = self.c.request("HEAD", RR + "/resource/orgs")
        self.assertEqual((h.status, h.body), (200, b""))
        self.assertGreater(int(h.header("content-length")), 0)

    def test_lists_and_search(self):
        self.create("ttd-list-a")
        self.create("ttd-list-b", keywords=[{"word": "banana", "language": "en"}])
        items = self.c.request("GET", RR + "/resource/resourcelist").json()
        self.assertEqual([i["identifier"] for i in items], ["ttd-list-a", "ttd-list-b"])
        self.assertEqual(items[0]["authorizationReference"], [{"id": "urn:altinn:resource", "value": "ttd-list-a"}])
        found = self.c.request("GET", RR + "/resource/search?keyword=banan").json()
        self.assertEqual([i["identifier"] for i in found], ["ttd-list-b"])
        self.assertIn("ttd", self.c.request("GET", RR + "/resource/orgs").json()["orgs"])


class TestPolicies(Base):
    def test_upload_and_download_round_trip(self):
        self.create("ttd-pol-1")
        xml = policy_xml("ttd-pol-1")
        r = self.upload("ttd-pol-1", xml)
        self.assertEqual((r.status, r.header("location")), (201, "ttd-pol-1/policy"))
        g = self.c.request("GET", RR + "/resource/ttd-pol-1/policy")
        self.assertEqual((g.status, g.body), (200, xml))
        self.assertEqual(g.header("content-type"), "text/xml")
        rules = self.c.request("GET", RR + "/resource/ttd-pol-1/policy/rules").json()
        self.assertEqual(rules[0]["action"], {"type": "urn:oasis:names:tc:xacml:1.0:action:action-id", "value": "read"})
        rights = self.c.request("GET", RR + "/resource/ttd-pol-1/policy/rights").json()
        self.assertTrue(rights[0]["rightKey"].startswith("read;ttd-pol-1;"))
        self.assertEqual(rights[0]["subjectTypes"], ["urn:altinn:rolecode"])

    def test_upload_rejections(self):
        self.create("ttd-pol-2")
        r = self.upload("ttd-pol-2", policy_xml("ttd-pol-2", ["ttd-pol-2", "other"]))
        self.assertEqual((r.status, r.body),
                         (400, b'"Policy not accepted: Contains rules for a different registry resource"'))
        xml = policy_xml("ttd-pol-2").replace(b"urn:altinn:resource", b"urn:altinn:app")
        r = self.upload("ttd-pol-2", xml)
        self.assertEqual(r.body, b'"Policy not accepted: Contains rule without reference to registry resource id"')
        self.assertEqual(self.upload("ttd-pol-2", b"<xacml:Policy").status, 500)
        self.assertEqual(self.upload("ttd-pol-2", b"<Policy/>").status, 500)
        r = self.upload("ttd-nope", policy_xml("ttd-nope"))
        self.assertEqual((r.status, r.body), (400, b'"Unknown resource"'))
        body, ctype = multipart("file", policy_xml("ttd-pol-2"))
        r = self.c.request("POST", RR + "/resource/ttd-pol-2/policy", body=body, headers={"Content-Type": ctype},
                           token=self.mint())
        self.assertEqual((r.status, r.body), (400, b'"The policy file can not be null"'))
        r = self.c.request("PUT", RR + "/resource/ttd-pol-2/policy", body=policy_xml("ttd-pol-2"),
                           headers={"Content-Type": "application/xml"}, token=self.mint())
        self.assertEqual(r.status, 415)
        r = self.upload("ttd-pol-2", policy_xml("ttd-pol-2"), token=self.mint(org="skd"))
        self.assertEqual(r.status, 403)
        g = self.c.request("GET", RR + "/resource/ttd-pol-2/policy")
        self.assertEqual((g.status, g.body), (404, b"Unable to find requested policy"))
        g = self.c.request("GET", RR + "/resource/ttd-nope/policy")
        self.assertEqual((g.status, g.body), (404, b"Unable to find resource"))

    def test_zero_rules_accepted_and_app_fallback(self):
        self.create("ttd-pol-3")
        self.assertEqual(self.upload("ttd-pol-3", policy_xml("ttd-pol-3", [])).status, 201)
        refs = [{"referenceSource": "Altinn3", "reference": "ttd/myapp", "referenceType": "ApplicationId"}]
        self.create("app_ttd_myapp", resourceType="AltinnApp", resourceReferences=refs)
        xml = policy_xml("x").replace(
            b'<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">x</xacml:AttributeValue>\n'
            b'        <xacml:AttributeDesignator AttributeId="urn:altinn:resource"',
            b'<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">ttd</xacml:AttributeValue>'
            b'<xacml:AttributeDesignator AttributeId="urn:altinn:org" Category="urn:oasis:names:tc:xacml:3.0:'
            b'attribute-category:resource" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>'
            b'</xacml:Match><xacml:Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">'
            b'<xacml:AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">myapp</xacml:AttributeValue>\n'
            b'        <xacml:AttributeDesignator AttributeId="urn:altinn:app"')
        self.assertEqual(self.upload("app_ttd_myapp", xml).status, 201)


def etag_version(tag):
    return int(json.loads(wire.b64url_decode(tag[3:-1]))["version"])


class TestAccessLists(Base):
    def put_list(self, ident, headers=None, name="Godkjente", owner="ttd", token=None):
        return self.c.request("PUT", RR + "/access-lists/%s/%s" % (owner, ident),
                              json_body={"name": name, "description": "d"}, headers=headers, token=token or self.mint())

    def members(self, method, ident, orgnrs, headers=None):
        body = {"data": ["urn:altinn:organization:identifier-no:" + o for o in orgnrs]}
        return self.c.request(method, RR + "/access-lists/ttd/%s/members" % ident, json_body=body, headers=headers,
                              token=self.mint())

    def test_create_conditions_and_idempotence(self):
        r = self.put_list("godkjente", {"If-None-Match": "*"})
        self.assertEqual(r.status, 200, r.body)
        tag = r.header("etag")
        self.assertTrue(tag.startswith('W/"'))
        self.assertIsNotNone(r.header("last-modified"))
        doc = r.json()
        self.assertEqual(doc["urn"], "urn:altinn:access-list:ttd:godkjente")
        self.assertEqual(self.put_list("godkjente", {"If-None-Match": "*"}).status, 412)
        self.assertEqual(self.put_list("godkjente").header("etag"), tag)
        g = self.c.request("GET", RR + "/access-lists/ttd/godkjente", headers={"If-None-Match": tag}, token=self.mint())
        self.assertEqual((g.status, g.body, g.header("etag")), (304, b"", tag))
        r = self.put_list("godkjente", {"If-Match": tag}, name="Nytt")
        self.assertEqual(r.status, 200)
        self.assertNotEqual(r.header("etag"), tag)
        self.assertEqual(self.put_list("godkjente", {"If-Match": tag}, name="Igjen").status, 412)
        self.assertEqual(self.put_list("missing", {"If-Match": "*"}).status, 412)
        r = self.put_list("godkjente", {"If-Match": '"strong"'})
        self.assertEqual(r.status, 400)
        self.assertEqual(self.c.request("PATCH", RR + "/access-lists/ttd/godkjente", token=self.mint()).status, 501)
        r = self.c.request("PUT", RR + "/access-lists/ttd/x", json_body={"description": "d"}, token=self.mint())
        self.assertEqual(r.status, 400)
        self.assertIn("Name", r.json()["errors"])

    def test_owner_rules(self):
        r = self.put_list("l1", owner="TTD")
        self.assertEqual(r.json()["urn"], "urn:altinn:access-list:ttd:l1")
        self.assertEqual(self.put_list("l1", owner="skd").status, 403)
        r = self.put_list("l1", owner=DIGDIR, token=self.mint(org=None, orgNumber=DIGDIR))
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["validationErrors"][0]["code"], "RR.VLD-00010")
        # a Digdir token without urn:altinn:org may manage ttd and digdir, one with org=digdir may not manage ttd
        self.assertEqual(self.put_list("l2", token=self.mint(org=None, orgNumber=DIGDIR)).status, 200)
        self.assertEqual(self.put_list("l2", owner="digdir", token=self.mint(org=None, orgNumber=DIGDIR)).status, 200)
        self.assertEqual(self.put_list("l2", token=self.mint(org="digdir")).status, 403)
        self.assertEqual(self.put_list("l3", owner="nosuchorg", token=self.mint(scopes=ADMIN)).status, 400)
        r = self.c.request("GET", RR + "/access-lists/ttd", token=self.mint(scopes=WRITE))
        self.assertEqual(r.status, 403)

    def test_members_limits_paging_and_pinned_versions(self):
        tag = self.put_list("big").header("etag")
        orgs = ["%09d" % (310000000 + i) for i in range(250)]
        r = self.members("POST", "big", orgs[:101])
        self.assertEqual(r.status, 400)
        doc = r.json()
        self.assertEqual((doc["code"], doc["validationErrors"][0]["code"], doc["validationErrors"][0]["paths"]),
                         ("STD-00000", "RR.VLD-00001", ["/data"]))
        self.assertEqual(self.members("PUT", "big", orgs[:101]).json()["validationErrors"][0]["code"], "RR.VLD-00000")
        r = self.members("POST", "big", orgs[:5] + [UNKNOWN_ORG])
        self.assertEqual((r.status, r.json()["code"]), (400, "RR-00001"))
        for i in range(0, 250, 100):
            r = self.members("POST", "big", orgs[i:i + 100], {"If-Match": tag})
            self.assertEqual(r.status, 200, r.body)
            tag = r.header("etag")
        again = self.members("POST", "big", orgs[:100], {"If-Match": tag})
        self.assertEqual(again.header("etag"), tag)
        first = self.c.request("GET", RR + "/access-lists/ttd/big/members", token=self.mint())
        page = first.json()
        self.assertEqual(len(page["data"]), 100)
        nxt = page["links"]["next"]
        self.assertTrue(nxt.startswith(EMU.base_url + RR + "/access-lists/ttd/big/members?token="))
        m = page["data"][0]
        self.assertTrue(m["id"].startswith("urn:altinn:party:uuid:"))
        self.assertIsInstance(m["identifiers"]["urn:altinn:party:id"], int)
        seen = [x["identifiers"]["urn:altinn:organization:identifier-no"] for x in page["data"]]
        while "next" in page["links"]:
            page = self.c.request("GET", page["links"]["next"][len(EMU.base_url):], token=self.mint()).json()
            seen += [x["identifiers"]["urn:altinn:organization:identifier-no"] for x in page["data"]]
        self.assertEqual(sorted(seen), orgs)
        self.members("DELETE", "big", orgs[:1])
        r = self.c.request("GET", nxt[len(EMU.base_url):], token=self.mint())
        self.assertEqual(r.status, 412)
        # members by party uuid and id
        r = self.c.request("PUT", RR + "/access-lists/ttd/big/members", token=self.mint(),
                           json_body={"data": [m["id"], "urn:altinn:party:id:%d" % m["identifiers"]["urn:altinn:party:id"]]})
        self.assertEqual(r.status, 200)
        self.assertEqual(len(r.json()["data"]), 1)
        for bad in ({"data": ["urn:altinn:person:identifier-no:01017012345"]}, {"x": 1, "data": []},
                    {"data": [], "x": 1}):
            r = self.c.request("POST", RR + "/access-lists/ttd/big/members", json_body=bad, token=self.mint())
            self.assertEqual(r.status, 400, bad)
            self.assertIn("errors", r.json())
        self.assertEqual(self.members("POST", "nolist", orgs[:1]).status, 404)

    def test_by_owner_paging_and_includes(self):
        for i in range(25):
            self.put_list("list-%02d" % i)
        page = self.c.request("GET", RR + "/access-lists/ttd", token=self.mint()).json()
        self.assertEqual(len(page["data"]), 20)
        self.assertEqual(page["data"][0]["identifier"], "list-00")
        token = page["links"]["next"].split("token=")[1]
        self.assertEqual(json.loads(wire.b64url_decode(token)), "list-20")
        page2 = self.c.request("GET", page["links"]["next"][len(EMU.base_url):], token=self.mint()).json()
        self.assertEqual(len(page2["data"]), 5)
        self.assertEqual(page2["links"], {})
        r = self.c.request("GET", RR + "/access-lists/ttd?include=members", token=self.mint())
        self.assertEqual((r.status, r.json()["code"]), (501, "RR-00000"))
        r = self.c.request("GET", RR + "/access-lists/ttd?include=resources", token=self.mint())
        self.assertEqual(r.json()["validationErrors"][0]["paths"], ["/$QUERY/include", "/$QUERY/resource"])
        self.assertEqual(self.c.request("GET", RR + "/access-lists/ttd?include=bogus", token=self.mint()).status, 400)

    def test_date_conditions_forwarded_host_and_includes_quirk(self):
        r = self.put_list("dated")
        last = r.header("last-modified")
        g = self.c.request("GET", RR + "/access-lists/ttd/dated", headers={"If-Modified-Since": last}, token=self.mint())
        self.assertEqual(g.status, 304)
        old = "Mon, 01 Jan 2001 00:00:00 GMT"
        r = self.c.request("PUT", RR + "/access-lists/ttd/dated", json_body={"name": "x"},
                           headers={"If-Unmodified-Since": old}, token=self.mint())
        self.assertEqual(r.status, 412)
        r = self.c.request("GET", RR + "/access-lists/ttd/dated", headers={"If-Match": "garbage"}, token=self.mint())
        self.assertEqual(r.json()["errors"], {"conditions": ["Invalid If-Match header."]})
        self.create("ttd-q-res")
        for i in range(21):
            self.put_list("q-%02d" % i)
        r = self.c.request("GET", RR + "/access-lists/ttd?include=resources&resource=ttd-q-res", token=self.mint(),
                           headers={"X-Forwarded-Host": "platform.example", "X-Forwarded-Proto": "https"})
        doc = r.json()
        self.assertEqual(doc["data"][0]["resourceConnections"], [])
        nxt = doc["links"]["next"]
        self.assertTrue(nxt.startswith("https://platform.example" + RR + "/access-lists/ttd?token="))
        self.assertIn("&includes=resources", nxt)
        self.assertNotIn("resource=", nxt)

    def test_connections(self):
        self.put_list("conn")
        self.create("ttd-conn-res")
        self.create("skd-conn-res", org=SKD, orgcode="skd", token=self.mint(org="skd"))
        base = RR + "/access-lists/ttd/conn/resource-connections/"
        r = self.c.request("PUT", base + "ttd-nope", json_body={}, token=self.mint())
        self.assertEqual(r.json()["code"], "RR-00002")
        r = self.c.request("PUT", base + "skd-conn-res", json_body={}, token=self.mint())
        self.assertEqual((r.status, r.json()["code"]), (403, "RR-00004"))
        r = self.c.request("PUT", base + "ttd-conn-res", json_body={"actionFilters": ["read", "write"]},
                           token=self.mint())
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["actionFilters"], ["read", "write"])
        tag = r.header("etag")
        r = self.c.request("PUT", base + "ttd-conn-res", json_body={"actionFilters": ["write", "read"]},
                           token=self.mint())
        self.assertEqual(r.header("etag"), tag)
        r = self.c.request("GET", RR + "/access-lists/ttd/conn/resource-connections", token=self.mint())
        self.assertEqual([c["resourceIdentifier"] for c in r.json()["data"]], ["ttd-conn-res"])
        r = self.c.request("GET", RR + "/access-lists/ttd?include=resource-actions&resource=ttd-conn-res",
                           token=self.mint())
        self.assertEqual(r.json()["data"][0]["resourceConnections"][0]["actionFilters"], ["read", "write"])
        self.assertEqual(self.c.request("DELETE", base + "ttd-conn-res", token=self.mint()).status, 200)
        self.assertEqual(self.c.request("DELETE", base + "ttd-conn-res", token=self.mint()).status, 204)
        r = self.c.request("DELETE", RR + "/access-lists/ttd/conn", token=self.mint())
        self.assertEqual(r.status, 200)
        self.assertEqual(self.c.request("DELETE", RR + "/access-lists/ttd/conn", token=self.mint()).status, 204)
        self.assertEqual(self.put_list("conn", {"If-None-Match": "*"}).status, 200)


class TestFaultsAndLog(Base):
    def test_log_records_writes_and_changes(self):
        self.create("ttd-log")
        self.c.request("GET", RR + "/resource/ttd-log")
        entries = [e for e in self.log() if e["path"].startswith(RR)]
        self.assertEqual([(e["method"], e["status"], e["write"], e["changed"]) for e in entries],
                         [("POST", 201, True, True), ("GET", 200, False, False)])

    def test_errors_before_processing_change_nothing(self):
        self.faults(error_rates={"503": 1.0})
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-503"), token=self.mint())
        self.assertEqual(r.status, 503)
        self.faults()
        self.assertEqual(self.c.request("GET", RR + "/resource/ttd-503").status, 404)

    def test_429_burst_with_retry_after(self):
        self.faults(burst_429={"every": 4, "length": 2}, retry_after=2)
        statuses = [self.c.request("GET", RR + "/resource/orgs") for _ in range(8)]
        self.assertEqual([r.status for r in statuses], [200, 200, 429, 429] * 2)
        self.assertEqual(statuses[2].header("retry-after"), "2")

    def test_reset_mid_body(self):
        self.faults(once=[{"method": "GET", "path": "/resource/orgs$", "fault": "reset"}])
        c = EMU.connect()
        try:
            with self.assertRaises((ConnectionError, http.client.HTTPException)):
                c.request("GET", RR + "/resource/orgs")
        finally:
            c.close()
        self.assertEqual(self.c.request("GET", RR + "/resource/orgs").status, 200)
        self.assertEqual(self.log()[-2]["fault"], "reset")

    def test_after_phase_faults_apply_the_write(self):
        self.faults(once=[{"method": "POST", "path": "/resource$", "fault": "504", "phase": "after"}])
        r = self.c.request("POST", RR + "/resource", json_body=resource_body("ttd-ghost"), token=self.mint())
        self.assertEqual(r.status, 504)
        self.assertEqual(self.c.request("GET", RR + "/resource/ttd-ghost").status, 200)
        entry = [e for e in self.log() if e["method"] == "POST" and e["path"].endswith("/resource")][-1]
        self.assertEqual((entry["status"], entry["handledStatus"], entry["changed"]), (504, 201, True))
        self.faults(once=[{"method": "PUT", "path": "/ttd-ghost$", "fault": "reset", "phase": "after"}])
        c = EMU.connect()
        try:
            with self.assertRaises((ConnectionError, http.client.HTTPException)):
                c.request("PUT", RR + "/resource/ttd-ghost", json_body=resource_body("ttd-ghost", homepage="h"),
                          token=self.mint())
        finally:
            c.close()
        self.assertEqual(self.c.request("GET", RR + "/resource/ttd-ghost").json()["homepage"], "h")

    def test_audit_finds_writes_after_412_without_reread(self):
        tag = self.c.request("PUT", RR + "/access-lists/ttd/au", json_body={"name": "n"},
                             token=self.mint()).header("etag")
        self.c.request("PUT", RR + "/access-lists/ttd/au", json_body={"name": "m"}, token=self.mint())
        stale = {"If-Match": tag}
        r = self.c.request("PUT", RR + "/access-lists/ttd/au", json_body={"name": "o"}, headers=stale,
                           token=self.mint())
        self.assertEqual(r.status, 412)
        self.c.request("PUT", RR + "/access-lists/ttd/au", json_body={"name": "o"}, headers=stale, token=self.mint())
        audit = self.c.request("GET", "/__emulator/audit").json()
        self.assertEqual(len(audit["writesAfter412WithoutReread"]), 1)
        self.assertEqual(audit["writes"], 4)
        self.assertEqual(audit["changedWrites"], 2)
        g = self.c.request("GET", RR + "/access-lists/ttd/au", token=self.mint())
        self.c.request("PUT", RR + "/access-lists/ttd/au", json_body={"name": "p"},
                       headers={"If-Match": g.header("etag")}, token=self.mint())
        audit = self.c.request("GET", "/__emulator/audit").json()
        self.assertEqual(len(audit["writesAfter412WithoutReread"]), 1)

    def test_conflict_forces_412(self):
        tag = self.c.request("PUT", RR + "/access-lists/ttd/cc", json_body={"name": "n"},
                             token=self.mint()).header("etag")
        self.faults(once=[{"method": "PUT", "path": "/access-lists/ttd/cc$", "fault": "conflict"}])
        r = self.c.request("PUT", RR + "/access-lists/ttd/cc", json_body={"name": "m"}, headers={"If-Match": tag},
                           token=self.mint())
        self.assertEqual(r.status, 412)
        entry = self.log()[-1]
        self.assertEqual((entry["fault"], entry["ifMatch"]), ("conflict", tag))

    def test_seeded_faults_are_deterministic(self):
        def run():
            self.faults(seed=7, error_rates={"503": 0.3, "502": 0.1}, rate_429=0.1)
            self.c.request("POST", "/__emulator/reset", json_body={})
            return [self.c.request("GET", RR + "/resource/x%d" % (i % 5)).status for i in range(30)]
        a, b = run(), run()
        self.assertEqual(a, b)
        self.assertIn(503, a)
        self.assertIn(404, a)

    def test_latency(self):
        self.faults(latency_ms=50)
        t = time.monotonic()
        self.c.request("GET", RR + "/resource/orgs")
        self.assertGreaterEqual(time.monotonic() - t, 0.05)

    def test_state_dump(self):
        self.create("ttd-dump")
        self.upload("ttd-dump", policy_xml("ttd-dump"))
        self.c.request("PUT", RR + "/access-lists/ttd/d", json_body={"name": "n"}, token=self.mint())
        self.c.request("POST", RR + "/access-lists/ttd/d/members", json_body={
            "data": ["urn:altinn:organization:identifier-no:310000001"]}, token=self.mint())
        st = self.c.request("GET", "/__emulator/state").json()
        self.assertEqual(st["resources"]["ttd-dump"]["policy"], policy_xml("ttd-dump").decode())
        self.assertEqual(st["accessLists"]["ttd"]["d"]["members"], ["310000001"])


class TestTransport(Base):
    def test_parallel_keep_alive_connections(self):
        token = self.mint()
        errors = []

        def worker(n):
            c = EMU.connect()
            try:
                for i in range(15):
                    ident = "ttd-par-%d-%d" % (n, i)
                    r = c.request("POST", RR + "/resource", json_body=resource_body(ident), token=token)
                    if r.status != 201:
                        errors.append(r.status)
                    body, ctype = multipart("policyFile", policy_xml(ident))
                    r = c.request("PUT", RR + "/resource/%s/policy" % ident, body=body,
                                  headers={"Content-Type": ctype}, token=token)
                    if r.status != 201:
                        errors.append(r.status)
            finally:
                c.close()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        entries = [e for e in self.log() if e["path"].startswith(RR)]
        self.assertEqual(len(entries), 240)
        self.assertEqual(len({e["conn"] for e in entries}), 8)

    def test_chunked_body_and_expect_continue(self):
        s = socket.create_connection((EMU.host, EMU.port))
        body = json.dumps(resource_body("ttd-chunked")).encode()
        req = ("POST %s/resource HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n" % (RR, self.mint())).encode()
        s.sendall(req)
        self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100"))
        s.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        self.assertIn(b"201 Created", s.recv(1000))
        s.close()

    def test_hostile_bodies_do_not_kill_the_connection(self):
        deep = b"[" * 100000 + b"]" * 100000
        r = self.c.request("POST", RR + "/resource", body=deep, headers={"Content-Type": "application/json"},
                           token=self.mint())
        self.assertIn(r.status, (400, 500))
        r = self.c.request("POST", RR + "/access-lists/ttd/x/members", body=b'{"data":' + deep + b"}",
                           headers={"Content-Type": "application/json"}, token=self.mint())
        self.assertIn(r.status, (400, 500))
        bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                b'<l>&b;</l>')
        self.create("ttd-bomb")
        self.assertEqual(self.upload("ttd-bomb", bomb).status, 500)
        self.assertEqual(self.c.request("GET", RR + "/resource/ttd-bomb").status, 200)

    def test_unknown_path_and_method(self):
        self.assertEqual(self.c.request("GET", "/nope").status, 404)
        self.assertEqual(self.c.request("PATCH", RR + "/resource/x").status, 405)


class TestSubjectFeeds(Base):
    def test_bysubjects_updated_changes(self):
        self.create("ttd-sub")
        self.upload("ttd-sub", policy_xml("ttd-sub"))
        r = self.c.request("POST", RR + "/resource/bysubjects", json_body=["urn:altinn:rolecode:DAGL"])
        data = r.json()["data"]
        self.assertEqual(data[0]["subject"], {"type": "urn:altinn:rolecode", "value": "dagl",
                                              "urn": "urn:altinn:rolecode:dagl"})
        self.assertEqual(data[0]["resources"][0]["value"], "ttd-sub")
        r = self.c.request("GET", RR + "/resource/updated?since=2000-01-01T00:00:00Z")
        self.assertEqual(r.json()["data"][0]["resourceUrn"], "urn:altinn:resource:ttd-sub")
        self.assertEqual(self.c.request("GET", RR + "/resource/updated?limit=0").json()["validationErrors"][0]["code"],
                         "RR.VLD-00008")
        r = self.c.request("GET", RR + "/resource/changes")
        self.assertEqual([c["resourceId"] for c in r.json()["data"]], ["ttd-sub"])
        r = self.c.request("GET", RR + "/resource/changes?limit=5000")
        self.assertEqual(r.json()["validationErrors"][0]["paths"], ["/$QUERY/limit"])
        s = self.c.request("GET", RR + "/resource/ttd-sub/policy/subjects").json()
        self.assertEqual(s["data"][0]["urn"], "urn:altinn:rolecode:dagl")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def run_cli(*args):
    return subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "registry-emulator"), *args],
                          capture_output=True, text=True, timeout=30)


class TestProcess(unittest.TestCase):
    def test_cli_keys_ready_file_print_port_subscription_key(self):
        d = tempfile.mkdtemp(prefix="emu-cli-")
        try:
            out = run_cli("gen-key", "--out", os.path.join(d, "k"), "--kid", "kk")
            self.assertEqual(out.returncode, 0, out.stderr)
            for name in ("private.pem", "public.pem", "private.jwk.json", "public.jwk.json"):
                mode = os.stat(os.path.join(d, "k", name)).st_mode
                self.assertEqual(stat.S_IMODE(mode), 0o600, name)
            kid, key = jwt.load_private_key(read_bytes(os.path.join(d, "k", "private.jwk.json")))
            self.assertEqual(kid, "kk")
            ready = os.path.join(d, "ready")
            p = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                               "registry-emulator"),
                                  "--port", "0", "--print-port", "--ready-file", ready, "--subscription-key", "sk",
                                  "--client", "cli-client", "974761076", os.path.join(d, "k", "public.pem"),
                                  "--client-kid", "kk", "--register", "mod11"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                port = int(p.stdout.readline())
                base = read_bytes(ready).decode().strip()
                self.assertEqual(base, "http://127.0.0.1:%d" % port)
                c = Conn("127.0.0.1", port)
                self.assertEqual(c.request("GET", RR + "/resource/orgs").status, 401)
                sk = {"Ocp-Apim-Subscription-Key": "sk"}
                self.assertEqual(c.request("GET", RR + "/resource/orgs", headers=sk).status, 200)
                a = assertion("cli-client", key, base + "/maskinporten/", PUBLISHER, kid="kk")
                r = c.request("POST", "/maskinporten/token", headers=dict(sk, **{
                    "Content-Type": "application/x-www-form-urlencoded"}),
                    body="grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=" + a)
                self.assertEqual(r.status, 200, r.body)
                minted = run_cli("mint-token", "--url", base, "--org", "skd")
                self.assertEqual(minted.returncode, 0, minted.stderr)
                tok = minted.stdout.strip()
                self.assertEqual(claims_of(tok)["urn:altinn:org"], "skd")
                c.request("PUT", RR + "/access-lists/skd/m", json_body={"name": "n"}, headers=sk, token=tok)
                urn = "urn:altinn:organization:identifier-no:"
                r = c.request("POST", RR + "/access-lists/skd/m/members", headers=sk, token=tok,
                              json_body={"data": [urn + "974761076"]})
                self.assertEqual(r.status, 200, r.body)
                r = c.request("POST", RR + "/access-lists/skd/m/members", headers=sk, token=tok,
                              json_body={"data": [urn + "974761077"]})
                self.assertEqual(r.json()["code"], "RR-00001")
                c.close()
            finally:
                p.send_signal(15)
                self.assertEqual(p.wait(10), 0)
                p.stdout.close()
                p.stderr.close()
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_clients_json(self):
        d = tempfile.mkdtemp(prefix="emu-cj-")
        try:
            key = jwt.generate_private_key()
            with open(os.path.join(d, "pub.pem"), "wb") as f:
                f.write(jwt.public_pem(key.public_key()))
            with open(os.path.join(d, "clients.json"), "w") as f:
                json.dump({"clients": [{"client_id": "cj", "org_number": SKD, "scopes": [WRITE],
                                        "keys": [{"file": "pub.pem", "kid": "a"}]}]}, f)
            p = Process("--clients-json", os.path.join(d, "clients.json"))
            c = p.connect()
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            grant = "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion="
            ok = c.request("POST", "/maskinporten/token", headers=form,
                           body=grant + assertion("cj", key, p.base_url + "/maskinporten", WRITE, kid="a"))
            self.assertEqual(ok.status, 200, ok.body)
            r = c.request("POST", "/maskinporten/token", headers=form,
                          body=grant + assertion("cj", key, p.base_url + "/maskinporten/", AL_WRITE, kid="a"))
            self.assertEqual(r.json()["error"], "invalid_scope")
            c.close()
            self.assertEqual(p.stop(), 0)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_state_folder_survives_restart_and_prod_forbids_delete(self):
        d = tempfile.mkdtemp(prefix="emu-state-")
        try:
            p = Process("--state", d, "--environment", "prod")
            c = p.connect()
            tok = c.request("POST", "/__emulator/mint-token", json_body={"org": "ttd", "scopes": [WRITE]}).json()["token"]
            self.assertEqual(c.request("POST", RR + "/resource", json_body=resource_body("ttd-kept"), token=tok).status,
                             201)
            r = c.request("DELETE", RR + "/resource/ttd-kept", token=tok)
            self.assertEqual((r.status, r.body), (403, b"Delete operation is not allowed in PROD environment"))
            c.close()
            self.assertEqual(p.stop(), 0)
            p = Process("--state", d, "--port", "0")
            c = p.connect()
            self.assertEqual(c.request("GET", RR + "/resource/ttd-kept").status, 200)
            # tokens signed before the restart are still valid (keys kept in the state folder)
            self.assertNotEqual(c.request("PUT", RR + "/resource/ttd-kept", json_body=resource_body("ttd-kept"),
                                          token=tok).status, 401)
            c.close()
            self.assertEqual(p.stop(), 0)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
