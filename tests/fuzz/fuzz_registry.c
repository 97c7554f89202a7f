/*
 * Fuzz target: every parser of the Resource Registry's answers in the
 * publisher.  The first byte picks the parser: a resource (then diffed
 * against a fixed one), an access list's details, a page of members, a
 * page of resource connections, an error body (ProblemDetails in both
 * shapes, a JSON string, text; the second byte picks the status) or a
 * downloaded policy (the plan's change summary against a fixed one).
 * Oracle beyond the sanitizers: a clean error or a result; a next link
 * only to the registry; messages on one line, within their buffers.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

#include "altinn-policy/altinn-policy.h"
#include "fuzz.h"
#include "publish/pub.h"

#define BASE "https://registry.example"

static const char desired_json[] =
	"{\"identifier\":\"r1\",\"title\":{\"en\":\"T\",\"nb\":\"T\",\"nn\":\"T\"},"
	"\"resourceType\":\"GenericAccessResource\",\"delegable\":true,\"keywords\":[]}";

static const char fixed_policy[] =
	"<xacml:Policy xmlns:xacml=\"urn:oasis:names:tc:xacml:3.0:core:schema:wd-17\" PolicyId=\"p\" "
	"Version=\"1.0\" RuleCombiningAlgId=\"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:"
	"deny-overrides\"><xacml:Target/></xacml:Policy>\n";

static void one_line(const char *s, size_t cap, const char *what)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		fuzz_fail(what);
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			fuzz_fail("a control character in a message");
}

static void resource(const char *body, size_t len)
{
	json_t *remote = ap_pub_parse_object(body, len);
	json_t *desired = json_loads(desired_json, 0, NULL);
	struct ap_buf d = AP_BUF_INIT;

	if (remote != NULL && desired != NULL && ap_resource_diff(desired, remote, &d) < 0)
		fuzz_fail("resource diff without an allocation failure");
	ap_buf_release(&d);
	json_decref(remote);
	json_decref(desired);
}

static void page(int kind, const char *body, size_t len)
{
	struct ap_list l;
	char *next = NULL;
	int rc;

	memset(&l, 0, sizeof(l));
	if (kind == 1)
		rc = ap_pub_parse_list_info(&l, body, len);
	else
		rc = ap_pub_parse_page(&l, kind == 2, body, len, BASE, &next);
	if (rc == AP_ENOMEM)
		fuzz_fail("AP_ENOMEM without an allocation failure");
	if (rc != AP_OK && next != NULL)
		fuzz_fail("a next link with an error");
	if (next != NULL && strncmp(next, BASE "/", strlen(BASE) + 1) != 0)
		fuzz_fail("a next link away from the registry");
	if (rc == AP_OK && kind == 1 && (l.r_name == NULL || l.r_description == NULL))
		fuzz_fail("list details without name or description");
	ap_free(next);
	ap_pub_list_clear_remote(&l);
	ap_free(l.rmembers);
}

static void problem(long status, const char *body, size_t len)
{
	struct ap_http_resp r = AP_HTTP_RESP_INIT;
	char code[64], msg[512];

	r.status = status;
	if (ap_buf_add(&r.body, body, len) != AP_OK)
		fuzz_fail("no memory for the body");
	ap_registry_error(&r, code, sizeof(code), msg, sizeof(msg));
	if (msg[0] == '\0')
		fuzz_fail("an error without a message");
	one_line(msg, sizeof(msg), "message not terminated");
	if (strnlen(code, sizeof(code)) == sizeof(code))
		fuzz_fail("code not terminated");
	ap_http_resp_release(&r);
}

static void policy(const char *body, size_t len)
{
	struct ap_buf out = AP_BUF_INIT;

	if (ap_policy_change_summary(body, len, fixed_policy, sizeof(fixed_policy) - 1, &out) < 0)
		fuzz_fail("change summary failed without an allocation failure");
	ap_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body;
	size_t len;

	if (size < 2)
		return 0;
	body = (const char *)data + 2;
	len = size - 2;
	switch (data[0] % 6) {
	case 0: resource(body, len); break;
	case 1: page(1, body, len); break;
	case 2: page(2, body, len); break;
	case 3: page(3, body, len); break;
	case 4: problem(data[1] < 100 ? 400 + data[1] : 100 + data[1], body, len); break;
	default: policy(body, len); break;
	}
	return 0;
}
