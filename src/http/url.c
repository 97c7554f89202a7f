/* URL helpers: loopback test and percent-encoding. */
#include "internal.h"

#include <strings.h>

#include "altinn-policy/http.h"

/* The host part of an absolute URL: [start, *len). */
static const char *url_host(const char *url, size_t *len)
{
	const char *p = strstr(url, "://"), *end;

	if (p == NULL)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	{
		const char *at = memchr(p, '@', (size_t)(end - p));

		if (at != NULL)
			p = at + 1;
	}
	if (*p == '[') { /* IPv6 literal */
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (close == NULL)
			return NULL;
		*len = (size_t)(close - p - 1);
		return p + 1;
	}
	*len = strcspn(p, ":/?#");
	return p;
}

int ap_http_url_is_loopback(const char *url)
{
	size_t len = 0;
	const char *h = url != NULL ? url_host(url, &len) : NULL;

	if (h == NULL)
		return 0;
	if (len == 9 && strncasecmp(h, "localhost", 9) == 0)
		return 1;
	if (len == 3 && strncmp(h, "::1", 3) == 0)
		return 1;
	if (len >= 7 && strncmp(h, "127.", 4) == 0) {
		size_t i;

		for (i = 4; i < len; i++)
			if (!((h[i] >= '0' && h[i] <= '9') || h[i] == '.'))
				return 0;
		return 1;
	}
	return 0;
}

int ap_http_escape(struct ap_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = ap_buf_grow(b, strlen(s) * 3);

	for (; rc == AP_OK && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
			rc = ap_buf_addch(b, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};

			rc = ap_buf_add(b, enc, 3);
		}
	}
	return rc;
}
