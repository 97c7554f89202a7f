/* The desired state: resources/<id>/{resource.json,policy.xml} and
 * access-lists/<owner>/<id>.json under the folder. */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "altinn-policy/fsutil.h"
#include "publish/pub.h"

#define MAX_JSON ((size_t)4 << 20)
#define MAX_POLICY ((size_t)16 << 20)
#define MAX_OBJECTS 100000

/* Sorted names in dir that are directories (want_dir) or files ending in
 * suffix.  A missing dir is an empty list. */
static int list_dir(struct ap_path_list *out, const char *dir, int want_dir,
		    const char *suffix, struct ap_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = AP_OK;

	if (d == NULL) {
		if (errno == ENOENT)
			return AP_OK;
		return ap_error_set_at(err, AP_EIO, dir, 0, 0, "%s: %s", dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL && rc == AP_OK) {
		struct ap_buf path = AP_BUF_INIT;
		struct stat st;
		size_t nl = strlen(e->d_name), sl = suffix ? strlen(suffix) : 0;

		if (e->d_name[0] == '.')
			continue;
		if (ap_buf_addf(&path, "%s/%s", dir, e->d_name) != AP_OK) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			break;
		}
		if (stat(path.ptr, &st) == 0 &&
		    (want_dir ? S_ISDIR(st.st_mode)
			      : (S_ISREG(st.st_mode) && nl > sl && strcmp(e->d_name + nl - sl, suffix) == 0))) {
			if (out->count >= MAX_OBJECTS)
				rc = ap_error_set_at(err, AP_ETOOBIG, dir, 0, 0, "%s: more than %d entries", dir, MAX_OBJECTS);
			else if (ap_path_list_add(out, e->d_name) != AP_OK)
				rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		}
		ap_buf_release(&path);
	}
	closedir(d);
	ap_path_list_sort_unique(out); /* names in a directory are unique */
	return rc;
}

/* Is the object at path selected by the command line's subset? */
static int selected(const ap_publish *p, const char *path)
{
	char real[PATH_MAX];
	size_t i;

	if (p->npaths == 0)
		return 1;
	if (realpath(path, real) == NULL)
		return 0;
	for (i = 0; i < p->npaths; i++) {
		size_t n = strlen(p->paths[i]), m = strlen(real);

		/* the filter is the object or above it, or inside the object */
		if (strncmp(real, p->paths[i], n) == 0 && (real[n] == '\0' || real[n] == '/'))
			return 1;
		if (strncmp(p->paths[i], real, m) == 0 && p->paths[i][m] == '/')
			return 1;
	}
	return 0;
}

static int load_json(json_t **out, const char *path, struct ap_error *err)
{
	char *data = NULL;
	size_t len = 0;
	json_error_t je;
	int rc = ap_file_read(&data, &len, path, MAX_JSON, err);

	*out = NULL;
	if (rc != AP_OK)
		return rc;
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	ap_free(data); /* ap_file_read allocates through the hook */
	if (*out == NULL)
		return ap_error_set_at(err, AP_EPARSE, path, (uint32_t)je.line, (uint32_t)je.column,
				       "%s:%d:%d: %s", path, je.line, je.column, je.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return ap_error_set_at(err, AP_EPARSE, path, 1, 1, "%s:1:1: expected a JSON object", path);
	}
	return AP_OK;
}

static int bad(struct ap_error *err, const char *path, const char *what)
{
	return ap_error_set_at(err, AP_EPARSE, path, 0, 0, "%s: %s", path, what);
}

/* What the registry needs of a resource before it accepts it (§2.5): the
 * server would answer 500 without these, so they are checked here. */
static int check_resource(const json_t *j, const char *id, const char *path,
			  struct ap_error *err)
{
	const char *ident = json_string_value(json_object_get(j, "identifier"));
	json_t *hca = json_object_get(j, "hasCompetentAuthority");
	const char *org = json_string_value(json_object_get(hca, "organization"));
	const char *code = json_string_value(json_object_get(hca, "orgcode"));

	if (ident == NULL)
		return bad(err, path, "\"identifier\" is missing (it must be the folder's name)");
	if (strcmp(ident, id) != 0) {
		char msg[600];

		snprintf(msg, sizeof(msg), "\"identifier\" is '%.200s' but the folder is '%.200s'", ident, id);
		return bad(err, path, msg);
	}
	if (!json_is_object(hca) || ((org == NULL || *org == '\0') && !ap_streq(code, "ttd")))
		return bad(err, path, "\"hasCompetentAuthority\" needs an \"organization\" (the owner's organization number)");
	return AP_OK;
}

static int add_res(ap_publish *p, struct ap_res **out)
{
	if (p->nres == p->ares) {
		size_t n = p->ares ? p->ares * 2 : 16;
		struct ap_res *r = ap_realloc(p->res, n * sizeof(*r));

		if (r == NULL)
			return AP_ENOMEM;
		p->res = r;
		p->ares = n;
	}
	*out = &p->res[p->nres++];
	memset(*out, 0, sizeof(**out));
	(*out)->owner = p;
	return AP_OK;
}

static int read_resource(ap_publish *p, const char *dir, const char *id,
			 struct ap_diag_list *findings, struct ap_error *err)
{
	struct ap_buf jp = AP_BUF_INIT, pp = AP_BUF_INIT;
	struct ap_res *r = NULL;
	struct stat st;
	int rc = AP_ENOMEM;

	if (ap_buf_addf(&jp, "%s/%s/resource.json", dir, id) != AP_OK ||
	    ap_buf_addf(&pp, "%s/%s/policy.xml", dir, id) != AP_OK || add_res(p, &r) != AP_OK ||
	    (r->id = ap_strdup(id)) == NULL) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	rc = AP_OK;
	if (stat(jp.ptr, &st) == 0) {
		r->json_path = ap_buf_detach(&jp, NULL);
		rc = load_json(&r->desired, r->json_path, err);
		if (rc == AP_OK)
			rc = check_resource(r->desired, id, r->json_path, err);
	}
	if (rc == AP_OK && stat(pp.ptr, &st) == 0) {
		r->policy_path = ap_buf_detach(&pp, NULL);
		rc = ap_file_read(&r->policy, &r->policy_len, r->policy_path, MAX_POLICY, err);
		if (rc == AP_OK && p->o.lint != NULL)
			rc = p->o.lint(p->o.lint_ctx, r->policy_path,
				       json_string_value(json_object_get(r->desired, "resourceType")), r->policy,
				       r->policy_len, findings, err);
	}
	if (rc == AP_OK && r->json_path == NULL && r->policy_path == NULL) {
		ap_free(r->id); /* an empty folder: nothing to publish */
		p->nres--;
	}
done:
	ap_buf_release(&jp);
	ap_buf_release(&pp);
	return rc;
}

static int read_resources(ap_publish *p, struct ap_diag_list *findings,
			  struct ap_error *err)
{
	struct ap_buf dir = AP_BUF_INIT, one = AP_BUF_INIT;
	struct ap_path_list ids = {0};
	size_t i;
	int rc;

	if (ap_buf_addf(&dir, "%s/resources", p->folder) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	rc = list_dir(&ids, dir.ptr, 1, NULL, err);
	for (i = 0; rc == AP_OK && i < ids.count; i++) {
		ap_buf_reset(&one);
		if (ap_buf_addf(&one, "%s/%s", dir.ptr, ids.items[i]) != AP_OK) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			break;
		}
		if (selected(p, one.ptr))
			rc = read_resource(p, dir.ptr, ids.items[i], findings, err);
	}
	ap_path_list_release(&ids);
	ap_buf_release(&dir);
	ap_buf_release(&one);
	return rc;
}

int ap_pub_member_urn(char **out, const char *s)
{
	static const char org_prefix[] = "urn:altinn:organization:identifier-no:";
	struct ap_buf b = AP_BUF_INIT;
	const char *digits = NULL;
	size_t i;

	*out = NULL;
	if (strncmp(s, org_prefix, sizeof(org_prefix) - 1) == 0)
		digits = s + sizeof(org_prefix) - 1;
	else if (strncmp(s, "urn:", 4) != 0)
		digits = s;
	if (digits != NULL) {
		for (i = 0; digits[i]; i++)
			if (!isdigit((unsigned char)digits[i]))
				return AP_EINVALID;
		if (i != 9)
			return AP_EINVALID;
		if (ap_buf_addf(&b, "%s%s", org_prefix, digits) != AP_OK)
			return AP_ENOMEM;
		*out = ap_buf_detach(&b, NULL);
		return AP_OK;
	}
	if (strncmp(s, "urn:altinn:party:id:", 20) == 0) {
		for (i = 20; s[i]; i++)
			if (!isdigit((unsigned char)s[i]))
				return AP_EINVALID;
		if (i == 20)
			return AP_EINVALID;
	} else if (strncmp(s, "urn:altinn:party:uuid:", 22) != 0 || strlen(s) != 22 + 36) {
		return AP_EINVALID;
	}
	*out = ap_strdup(s);
	if (*out == NULL)
		return AP_ENOMEM;
	for (i = 22; strncmp(s, "urn:altinn:party:uuid:", 22) == 0 && (*out)[i]; i++)
		(*out)[i] = (char)tolower((unsigned char)(*out)[i]);
	return AP_OK;
}

static int add_list(ap_publish *p, struct ap_list **out)
{
	if (p->nlists == p->alists) {
		size_t n = p->alists ? p->alists * 2 : 8;
		struct ap_list *l = ap_realloc(p->lists, n * sizeof(*l));

		if (l == NULL)
			return AP_ENOMEM;
		p->lists = l;
		p->alists = n;
	}
	*out = &p->lists[p->nlists++];
	memset(*out, 0, sizeof(**out));
	(*out)->pub = p;
	return AP_OK;
}

static int read_members(struct ap_list *l, const json_t *arr, struct ap_error *err)
{
	size_t i;
	json_t *v;

	if (arr == NULL)
		return AP_OK;
	if (!json_is_array(arr))
		return bad(err, l->path, "\"members\" must be an array of organization numbers or party URNs");
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);
		char *urn = NULL;
		int rc = s != NULL ? ap_pub_member_urn(&urn, s) : AP_EINVALID;

		if (rc == AP_ENOMEM)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		if (rc != AP_OK) {
			char msg[300];

			snprintf(msg, sizeof(msg),
				 "member %zu is not a 9-digit organization number or a party URN "
				 "(urn:altinn:organization:identifier-no:, urn:altinn:party:uuid:, urn:altinn:party:id:)", i + 1);
			return bad(err, l->path, msg);
		}
		rc = ap_path_list_add(&l->members, urn);
		ap_free(urn);
		if (rc != AP_OK)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	ap_path_list_sort_unique(&l->members);
	return AP_OK;
}

static int read_conns(struct ap_list *l, const json_t *arr, struct ap_error *err)
{
	size_t i, k;
	json_t *v, *a;

	if (arr == NULL)
		return AP_OK;
	if (!json_is_array(arr))
		return bad(err, l->path, "\"resourceConnections\" must be an array");
	json_array_foreach(arr, i, v) {
		const char *res = json_string_value(json_object_get(v, "resource"));
		json_t *filters = json_object_get(v, "actionFilters");
		struct ap_path_list actions = {0};
		int rc = AP_OK;

		if (res == NULL || *res == '\0')
			return bad(err, l->path, "each resource connection needs \"resource\" (a resource identifier)");
		if (ap_conns_find(&l->conns, res) != NULL)
			return bad(err, l->path, "a resource is connected twice");
		if (filters != NULL && !json_is_array(filters))
			return bad(err, l->path, "\"actionFilters\" must be an array of action ids");
		json_array_foreach(filters, k, a) {
			if (!json_is_string(a))
				rc = bad(err, l->path, "\"actionFilters\" must be an array of action ids");
			else if (ap_path_list_add(&actions, json_string_value(a)) != AP_OK)
				rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			if (rc != AP_OK)
				break;
		}
		if (rc == AP_OK && ap_conns_add(&l->conns, res, &actions) != AP_OK)
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		ap_path_list_release(&actions);
		if (rc != AP_OK)
			return rc;
	}
	return AP_OK;
}

static int read_list(ap_publish *p, const char *path, const char *owner,
		     const char *file, struct ap_error *err)
{
	static const char *const known[] = {"$schema", "name", "description", "members", "resourceConnections"};
	struct ap_list *l;
	json_t *j = NULL, *v;
	const char *k;
	int rc;

	if (add_list(p, &l) != AP_OK || (l->owner = ap_strdup(owner)) == NULL ||
	    (l->id = ap_strndup(file, strlen(file) - 5)) == NULL || (l->path = ap_strdup(path)) == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	rc = load_json(&j, path, err);
	if (rc != AP_OK)
		return rc;
	json_object_foreach(j, k, v) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(known) && strcmp(known[i], k) != 0; i++)
			;
		if (i == ARRAY_SIZE(known)) {
			char msg[200];

			snprintf(msg, sizeof(msg), "unknown key '%.64s' (name, description, members, resourceConnections)", k);
			rc = bad(err, path, msg);
			goto done;
		}
	}
	k = json_string_value(json_object_get(j, "name"));
	if (k == NULL || *k == '\0') {
		rc = bad(err, path, "\"name\" is required (a non-empty string)");
		goto done;
	}
	l->name = ap_strdup(k);
	v = json_object_get(j, "description");
	if (v != NULL && !json_is_string(v)) {
		rc = bad(err, path, "\"description\" must be a string");
		goto done;
	}
	l->description = ap_strdup(v != NULL ? json_string_value(v) : "");
	if (l->name == NULL || l->description == NULL) {
		rc = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	rc = read_members(l, json_object_get(j, "members"), err);
	if (rc == AP_OK)
		rc = read_conns(l, json_object_get(j, "resourceConnections"), err);
done:
	json_decref(j);
	return rc;
}

static int read_lists(ap_publish *p, struct ap_error *err)
{
	struct ap_buf dir = AP_BUF_INIT, sub = AP_BUF_INIT, file = AP_BUF_INIT;
	struct ap_path_list owners = {0};
	size_t i, k;
	int rc;

	if (ap_buf_addf(&dir, "%s/access-lists", p->folder) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	rc = list_dir(&owners, dir.ptr, 1, NULL, err);
	for (i = 0; rc == AP_OK && i < owners.count; i++) {
		struct ap_path_list files = {0};

		ap_buf_reset(&sub);
		if (ap_buf_addf(&sub, "%s/%s", dir.ptr, owners.items[i]) != AP_OK) {
			rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			break;
		}
		rc = list_dir(&files, sub.ptr, 0, ".json", err);
		for (k = 0; rc == AP_OK && k < files.count; k++) {
			ap_buf_reset(&file);
			if (ap_buf_addf(&file, "%s/%s", sub.ptr, files.items[k]) != AP_OK)
				rc = ap_error_set(err, AP_ENOMEM, "out of memory");
			else if (selected(p, file.ptr))
				rc = read_list(p, file.ptr, owners.items[i], files.items[k], err);
		}
		ap_path_list_release(&files);
	}
	ap_path_list_release(&owners);
	ap_buf_release(&dir);
	ap_buf_release(&sub);
	ap_buf_release(&file);
	return rc;
}

/* Canonical subset filters; each must lie inside the folder. */
static int resolve_paths(ap_publish *p, struct ap_error *err)
{
	char root[PATH_MAX], real[PATH_MAX];
	size_t i, n;

	if (realpath(p->folder, root) == NULL)
		return ap_error_set_at(err, AP_EIO, p->folder, 0, 0, "%s: %s", p->folder, strerror(errno));
	n = strlen(root);
	for (i = 0; i < p->o.npaths; i++) {
		if (realpath(p->o.paths[i], real) == NULL)
			return ap_error_set_at(err, AP_EIO, p->o.paths[i], 0, 0, "%s: %s", p->o.paths[i], strerror(errno));
		if (strncmp(real, root, n) != 0 || (real[n] != '/' && real[n] != '\0'))
			return ap_error_set(err, AP_EINVALID, "%s is not inside the folder %s", p->o.paths[i], p->folder);
		if ((p->paths[p->npaths] = ap_strdup(real)) == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		p->npaths++;
	}
	return AP_OK;
}

int ap_pub_read_folder(ap_publish *p, struct ap_diag_list *out,
		       struct ap_error *err)
{
	int rc = resolve_paths(p, err);

	if (rc == AP_OK)
		rc = read_resources(p, out, err);
	if (rc == AP_OK)
		rc = read_lists(p, err);
	if (rc == AP_OK && p->nres == 0 && p->nlists == 0)
		rc = ap_error_set(err, AP_EINVALID,
				  "nothing to publish in %s (expected resources/<identifier>/resource.json, "
				  "resources/<identifier>/policy.xml or access-lists/<owner>/<identifier>.json)",
				  p->folder);
	return rc;
}
