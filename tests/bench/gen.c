/*
 * gen: synthetic Altinn XACML 3.0 policy corpus for `make bench`.
 *
 *   gen OUTDIR N SEED         write OUTDIR/policy-00001.xml ... policy-N.xml
 *   gen --small FILE          write one small (~3 KB) valid correspondence policy
 *
 * The files are shaped like the real resource and correspondence policies in
 * ../shared/corpus/real: the xacml: prefix on most files (a default namespace
 * on some), one category per AnyOf, Match = AttributeValue + AttributeDesignator,
 * string-equal-ignore-case on urn:altinn:rolecode, urn:altinn:resource = the
 * resource id, action-id matches, and the two authentication-level
 * obligations.  About 87% are valid correspondence policies (DAGL on
 * urn:altinn:rolecode granted read, write and subscribe), about 10% other
 * valid resource policies, and about 3% carry one realistic defect (all of
 * them well-formed XML: `xmllint --noout` must accept every file).
 *
 * Rule counts run from 1 to 40, skewed towards few rules like the real
 * corpus; the mean file size over a set is about 20 KB.  Output depends only
 * on N and SEED (own PRNG, splitmix64); every file has its own stream seeded
 * from (SEED, index), so the first M files of a corpus of N > M are the same
 * bytes as a corpus of M.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define MAX_RULES 40

/* ---- PRNG: splitmix64 ------------------------------------------------- */

typedef struct {
	uint64_t s;
} rng_t;

static uint64_t rng_next(rng_t *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned rng_below(rng_t *r, unsigned n)
{
	return (unsigned)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pct/100. */
static int rng_pct(rng_t *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

static unsigned rng_range(rng_t *r, unsigned lo, unsigned hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

#define PICK(r, arr) ((arr)[rng_below((r), (unsigned)(sizeof(arr) / sizeof((arr)[0])))])

/* ---- growable output buffer ------------------------------------------ */

typedef struct {
	char *p;
	size_t len, cap;
} buf_t;

static void die(const char *msg)
{
	fprintf(stderr, "gen: %s\n", msg);
	exit(2);
}

static void buf_reserve(buf_t *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 65536;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static void buf_put(buf_t *b, const char *s)
{
	size_t n = strlen(s);
	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void buf_printf(buf_t *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void buf_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	if (b->p && (size_t)n < b->cap - b->len) {
		b->len += (size_t)n;
		return;
	}
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- vocabulary (values seen in the real corpus) ----------------------- */

static const char *const ORGS[] = {
	"ttd", "skd", "brg", "digdir", "nav", "ssb", "dsb", "mat", "krt", "dihe",
	"hmrhf", "sfvt", "udir", "nkom", "lt", "bof", "stami", "fors",
};

static const char *const WORDS[] = {
	"melding", "varsel", "vedtak", "brev", "innkalling", "korrespondanse",
	"skattemelding", "mva", "tilskudd", "soknad", "krav", "betaling",
	"rapport", "aarsregnskap", "lonn", "a-melding", "tilsyn", "kontroll",
	"sykepenger", "permittering", "naering", "bevilling", "attest",
	"samtykke", "fullmakt", "innsyn", "klage", "purring", "faktura",
};

/* Role codes, upper case; a file writes them upper or lower case. */
static const char *const ROLES[] = {
	"REGNA", "A0239", "A0237", "UTINN", "LEDE", "KNUF", "A0238", "REPR",
	"SISKD", "DTPR", "DTSO", "KOMP", "ADMAI", "HADM", "MEDL", "INNH", "PRIV",
	"NEST", "KONT", "A0282", "SELN", "BEST", "A0240", "A0241", "REVI",
	"RPKRT", "UILUF", "APIADM", "KLADM", "BOBE", "REGN", "APIADMNUF", "BOBEL",
	"KEMN", "LOPER", "SIGNE", "SREVA",
};

static const char *const PACKAGES[] = {
	"regnskapsforer-lonn", "regnskapsforer-med-signeringsrettighet",
	"hovedadministrator", "regnskapsforer-uten-signeringsrettighet",
	"lonn-personopplysninger-saerlig-kategori", "ansvarlig-revisor",
	"naeringsmidler-drikkevarer-og-tobakk", "tilgangsstyrer",
	"klientadministrator", "regnskap-okonomi-rapport", "revisormedarbeider",
	"karttjenester", "maskinporten-administrator", "ansettelsesforhold",
	"sykefravaer-personopplysninger-saerlig-kategori", "ordinaer-post-til-virksomheten",
	"skatt-naering", "merverdiavgift", "toll", "folkeregister",
};

static const char *const GENERIC_ACTIONS[] = {
	"read", "write", "read", "write", "subscribe", "sign", "delete",
	"confirm", "access", "read", "reject", "complete",
};

static const char *const DESC_HEAD[] = {
	"Full tilgang for daglige ledere i et selskap",
	"Rule template for Correspondence resource with operation: read and subscribe - Covers all Recipient actions",
	"Lesetilgang for privatpersoner",
	"Regel som gir regnskapsf\xc3\xb8rer med signeringsrettighet tilgang til \xc3\xa5 lese og abonnere",
	"A rule giving user with role DAGL the right to read, write and subscribe to events",
	"Avsender (tjenesteeier) kan sende meldinger og abonnere p\xc3\xa5 hendelser",
	"Tilgang for revisor og revisormedarbeider",
	"Rule that defines that users with the listed roles can read messages for this resource",
	"Gir innehavere av tilgangspakken lesetilgang",
	"Daglig leder, styrets leder og kontaktperson kan lese og skrive",
};

static const char *const DESC_TAIL[] = {
	"", "", "",
	". Gjelder alle meldinger p\xc3\xa5 ressursen.",
	". Mottakere av korrespondansen m\xc3\xa5 ha minst sikkerhetsniv\xc3\xa5 3.",
	". This rule was migrated from Altinn 2 (service code 4471, edition 1) and reviewed by the service owner.",
	". Regelen er laget i Altinn Studio &amp; gjennomg\xc3\xa5tt av tjenesteeier; endringer m\xc3\xa5 godkjennes f\xc3\xb8r publisering.",
	". Gjelder ogs\xc3\xa5 systembrukere som har f\xc3\xa5tt delegert rettigheten fra virksomheten.",
};

static const char *const COMMENTS[] = {
	"Recipient rule: roles that can read and subscribe",
	"Sender rule: the service owner",
	"Matching on org-claim. Only populated in exchange if a altinn:serviceowner/* scope is present",
	"TODO: review access packages when the new package list is published",
	"Generated by Altinn Studio, edited by hand",
	"Minimum authentication level for end users first, then for organisations",
};

/* ---- XML writer -------------------------------------------------------- */

#define NS_XACML "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17"
#define XS_STRING "http://www.w3.org/2001/XMLSchema#string"
#define XS_INTEGER "http://www.w3.org/2001/XMLSchema#integer"
#define CAT_SUBJECT "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define CAT_SUBJECT_BAD "urn:oasis:names:tc:xacml:3.0:subject-category:access-subject"
#define CAT_RESOURCE "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define CAT_ACTION "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define ACTION_ID "urn:oasis:names:tc:xacml:1.0:action:action-id"
#define F_EQ "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define F_EQ_IC "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"
#define ALG_DENY_OVERRIDES "urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides"
#define ALG_DENY_OVERRIDES_10 "urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:deny-overrides"

typedef struct {
	buf_t *b;
	const char *p;    /* element prefix: "xacml:" or "" */
	const char *ind;  /* one level of indentation */
	const char *sc;   /* end of an empty element: " />" or "/>" */
	int depth;
} xw_t;

static void xw_indent(xw_t *w)
{
	for (int i = 0; i < w->depth; i++)
		buf_put(w->b, w->ind);
}

/* <p:name attrs>\n and one level deeper. attrs may be "" or start with ' '. */
static void xw_open(xw_t *w, const char *name, const char *attrs)
{
	xw_indent(w);
	buf_printf(w->b, "<%s%s%s>\n", w->p, name, attrs);
	w->depth++;
}

static void xw_close(xw_t *w, const char *name)
{
	w->depth--;
	xw_indent(w);
	buf_printf(w->b, "</%s%s>\n", w->p, name);
}

static void xw_empty(xw_t *w, const char *name)
{
	xw_indent(w);
	buf_printf(w->b, "<%s%s%s\n", w->p, name, w->sc);
}

static void xw_text(xw_t *w, const char *name, const char *text)
{
	xw_indent(w);
	buf_printf(w->b, "<%s%s>%s</%s%s>\n", w->p, name, text, w->p, name);
}

static void xw_comment(xw_t *w, const char *text)
{
	xw_indent(w);
	buf_printf(w->b, "<!-- %s -->\n", text);
}

typedef struct {
	const char *match_id;
	const char *value;
	const char *attr_id;
	const char *category;
	const char *must_be_present;
} match_t;

static void xw_match(xw_t *w, const match_t *m)
{
	xw_indent(w);
	buf_printf(w->b, "<%sMatch MatchId=\"%s\">\n", w->p, m->match_id);
	w->depth++;
	xw_indent(w);
	buf_printf(w->b, "<%sAttributeValue DataType=\"" XS_STRING "\">%s</%sAttributeValue>\n",
		   w->p, m->value, w->p);
	xw_indent(w);
	buf_printf(w->b,
		   "<%sAttributeDesignator AttributeId=\"%s\" Category=\"%s\" DataType=\"" XS_STRING
		   "\" MustBePresent=\"%s\"%s\n",
		   w->p, m->attr_id, m->category, m->must_be_present, w->sc);
	w->depth--;
	xw_indent(w);
	buf_printf(w->b, "</%sMatch>\n", w->p);
}

/* ---- policy model ------------------------------------------------------ */

enum defect {
	D_NONE = 0,
	D_ORG_ROLECODE,      /* DAGL on urn:altinn:org:rolecode with string-equal (the docs example) */
	D_NO_SUBSCRIBE,      /* no rule grants subscribe */
	D_OTHER_RESOURCE,    /* a rule names another resource id */
	D_TARGET_NOT_EMPTY,  /* <Target></Target> instead of <Target/> */
	D_ALG_XACML10,       /* XACML 1.0 deny-overrides id */
	D_MBP_TRUE,          /* MustBePresent="True" */
	D_OBLIG_NO_CATEGORY, /* AttributeAssignmentExpression without Category */
	D_SUBJECT_CATEGORY,  /* 3.0 subject category: constraint silently dropped */
	D_DUP_RULEID,        /* duplicate RuleIds */
	D_ACTION_CASE,       /* string-equal on "Read" */
	D_EMPTY_VALUE,       /* empty AttributeValue */
	D_NO_SUBJECT,        /* Permit rule without subject match */
	D_DEFECT_COUNT
};

enum kind { K_CORRESPONDENCE, K_RESOURCE };

#define MAX_SUBJECTS 16
#define MAX_ACTIONS 8

typedef struct {
	const char *attr_id; /* urn:altinn:rolecode, urn:altinn:accesspackage, urn:altinn:org */
	char value[64];
} subject_t;

typedef struct {
	subject_t subj[MAX_SUBJECTS];
	int nsubj;
	const char *act[MAX_ACTIONS];
	int nact;
	const char *desc_head, *desc_tail;
	const char *comment;
	int no_desc;
} rule_t;

typedef struct {
	char resource[96];
	const char *org;
	int lower_roles;
	int nrules;
	rule_t rules[MAX_RULES];
	enum kind kind;
	enum defect defect;
	unsigned defect_rule; /* which rule carries a per-rule defect */
	int level_user, level_org;
	/* style */
	int bom, docs_attr_order, xsi, header_comment, policy_desc, studio_ruleids;
} policy_t;

/* Rule-count distribution: weights for 1..40, heavy at 1-3 with a long tail
 * (real corpus: 58 of 140 files have 1 rule, 25 have 2, max 12; ours reaches
 * 40 so the big files are represented). */
static unsigned rule_count(rng_t *r)
{
	static unsigned cum[MAX_RULES + 1];
	static int ready;
	if (!ready) {
		unsigned acc = 0;
		for (unsigned n = 1; n <= MAX_RULES; n++) {
			acc += 500000u / (n * n) + 45000u / n + 1100u;
			cum[n] = acc;
		}
		ready = 1;
	}
	unsigned x = rng_below(r, cum[MAX_RULES]);
	for (unsigned n = 1; n <= MAX_RULES; n++)
		if (x < cum[n])
			return n;
	return MAX_RULES;
}

static void role_value(char *out, size_t n, const char *role, int lower)
{
	size_t i = 0;
	for (; role[i] && i + 1 < n; i++) {
		unsigned char c = (unsigned char)role[i];
		out[i] = (char)(lower && c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	out[i] = '\0';
}

static int has_subject(const rule_t *ru, const char *attr_id, const char *value)
{
	for (int i = 0; i < ru->nsubj; i++)
		if (strcmp(ru->subj[i].attr_id, attr_id) == 0 && strcmp(ru->subj[i].value, value) == 0)
			return 1;
	return 0;
}

static void add_subject(rule_t *ru, const char *attr_id, const char *value)
{
	if (ru->nsubj >= MAX_SUBJECTS || has_subject(ru, attr_id, value))
		return;
	ru->subj[ru->nsubj].attr_id = attr_id;
	snprintf(ru->subj[ru->nsubj].value, sizeof(ru->subj[0].value), "%s", value);
	ru->nsubj++;
}

static void add_action(rule_t *ru, const char *a)
{
	for (int i = 0; i < ru->nact; i++)
		if (strcmp(ru->act[i], a) == 0)
			return;
	if (ru->nact < MAX_ACTIONS)
		ru->act[ru->nact++] = a;
}

static void add_random_subjects(rng_t *r, const policy_t *pol, rule_t *ru, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		char v[64];
		if (rng_pct(r, 22)) {
			add_subject(ru, "urn:altinn:accesspackage", PICK(r, PACKAGES));
		} else {
			role_value(v, sizeof(v), PICK(r, ROLES), pol->lower_roles);
			add_subject(ru, "urn:altinn:rolecode", v);
		}
	}
}

static void shuffle_actions(rng_t *r, rule_t *ru)
{
	for (int i = ru->nact - 1; i > 0; i--) {
		unsigned j = rng_below(r, (unsigned)i + 1);
		const char *t = ru->act[i];
		ru->act[i] = ru->act[j];
		ru->act[j] = t;
	}
}

static void build_policy(rng_t *r, policy_t *pol, unsigned index)
{
	memset(pol, 0, sizeof(*pol));
	pol->org = PICK(r, ORGS);
	const char *w1 = PICK(r, WORDS);
	if (rng_pct(r, 50))
		snprintf(pol->resource, sizeof(pol->resource), "%s-%s-%05u", pol->org, w1, index);
	else
		snprintf(pol->resource, sizeof(pol->resource), "%s-%s-%s-%u", pol->org, w1,
			 PICK(r, WORDS), index);
	pol->lower_roles = rng_pct(r, 45);
	pol->nrules = (int)rule_count(r);

	unsigned k = rng_below(r, 100);
	pol->kind = k < 87 ? K_CORRESPONDENCE : K_RESOURCE;
	if (k >= 97) {
		pol->kind = K_CORRESPONDENCE;
		pol->defect = (enum defect)(1 + rng_below(r, D_DEFECT_COUNT - 1));
	}
	pol->defect_rule = rng_below(r, (unsigned)pol->nrules);

	pol->level_user = rng_pct(r, 70) ? 3 : rng_pct(r, 60) ? 4 : 2;
	pol->level_org = rng_pct(r, 55) ? (rng_pct(r, 70) ? 3 : 4) : 0;

	pol->bom = rng_pct(r, 15);
	pol->docs_attr_order = rng_pct(r, 20);
	pol->xsi = rng_pct(r, 10);
	pol->header_comment = rng_pct(r, 15);
	pol->policy_desc = rng_pct(r, 10);
	pol->studio_ruleids = rng_pct(r, 80);

	char dagl[8];
	role_value(dagl, sizeof(dagl), "DAGL", pol->lower_roles);

	for (int i = 0; i < pol->nrules; i++) {
		rule_t *ru = &pol->rules[i];
		ru->desc_head = PICK(r, DESC_HEAD);
		ru->desc_tail = PICK(r, DESC_TAIL);
		ru->no_desc = rng_pct(r, 8);
		ru->comment = rng_pct(r, 6) ? PICK(r, COMMENTS) : NULL;

		if (i == 0 && pol->kind == K_CORRESPONDENCE) {
			/* the DAGL rule the team profile requires */
			add_subject(ru, "urn:altinn:rolecode", dagl);
			add_random_subjects(r, pol, ru, rng_range(r, 0, 6));
			add_action(ru, "read");
			add_action(ru, "write");
			add_action(ru, "subscribe");
			shuffle_actions(r, ru);
		} else if (i == 1 && pol->kind == K_CORRESPONDENCE && rng_pct(r, 80)) {
			/* sender rule: the service owner */
			add_subject(ru, "urn:altinn:org", pol->org);
			add_action(ru, "write");
			add_action(ru, "subscribe");
			if (rng_pct(r, 30))
				add_action(ru, "read");
		} else if (pol->kind == K_CORRESPONDENCE) {
			/* recipient rules */
			add_random_subjects(r, pol, ru, rng_range(r, 1, 9));
			add_action(ru, "read");
			if (rng_pct(r, 80))
				add_action(ru, "subscribe");
			if (rng_pct(r, 15))
				add_action(ru, "write");
			shuffle_actions(r, ru);
		} else {
			if (i == 0 && rng_pct(r, 60))
				add_subject(ru, "urn:altinn:rolecode", dagl);
			if (rng_pct(r, 10))
				add_subject(ru, "urn:altinn:org", pol->org);
			add_random_subjects(r, pol, ru, rng_range(r, 1, 9));
			unsigned na = rng_range(r, 1, 4);
			for (unsigned a = 0; a < na; a++)
				add_action(ru, PICK(r, GENERIC_ACTIONS));
		}
	}
}

/* ---- serialisation ----------------------------------------------------- */

static void write_rule(xw_t *w, const policy_t *pol, int i)
{
	const rule_t *ru = &pol->rules[i];
	int here = (unsigned)i == pol->defect_rule;
	char ruleid[160];
	int n = i + 1;
	if (pol->defect == D_DUP_RULEID && i == 1)
		n = 1;
	if (pol->studio_ruleids)
		snprintf(ruleid, sizeof(ruleid), "urn:altinn:resource:%s:ruleid:%d", pol->resource, n);
	else
		snprintf(ruleid, sizeof(ruleid), "urn:altinn:example:ruleid:%d", n);

	if (ru->comment)
		xw_comment(w, ru->comment);
	char attrs[256];
	snprintf(attrs, sizeof(attrs), " RuleId=\"%s\" Effect=\"Permit\"", ruleid);
	xw_open(w, "Rule", attrs);
	if (!ru->no_desc) {
		char desc[512];
		snprintf(desc, sizeof(desc), "%s%s", ru->desc_head, ru->desc_tail);
		xw_text(w, "Description", desc);
	}
	xw_open(w, "Target", "");

	/* subjects: one AnyOf, one AllOf per subject */
	if (!(pol->defect == D_NO_SUBJECT && here)) {
		xw_open(w, "AnyOf", "");
		for (int s = 0; s < ru->nsubj; s++) {
			match_t m = {F_EQ_IC, ru->subj[s].value, ru->subj[s].attr_id, CAT_SUBJECT, "false"};
			if (i == 0 && s == 0 && pol->defect == D_ORG_ROLECODE) {
				m.match_id = F_EQ;
				m.value = "DAGL";
				m.attr_id = "urn:altinn:org:rolecode";
			}
			if (here && s == 0 && pol->defect == D_SUBJECT_CATEGORY)
				m.category = CAT_SUBJECT_BAD;
			if (here && s == ru->nsubj - 1 && pol->defect == D_EMPTY_VALUE)
				m.value = "";
			xw_open(w, "AllOf", "");
			xw_match(w, &m);
			xw_close(w, "AllOf");
		}
		xw_close(w, "AnyOf");
	}

	/* resource */
	xw_open(w, "AnyOf", "");
	xw_open(w, "AllOf", "");
	{
		char other[128];
		match_t m = {F_EQ, pol->resource, "urn:altinn:resource", CAT_RESOURCE, "false"};
		if (here && pol->defect == D_OTHER_RESOURCE) {
			snprintf(other, sizeof(other), "%s-test", pol->resource);
			m.value = other;
		}
		if (here && pol->defect == D_MBP_TRUE)
			m.must_be_present = "True";
		xw_match(w, &m);
	}
	xw_close(w, "AllOf");
	xw_close(w, "AnyOf");

	/* actions */
	xw_open(w, "AnyOf", "");
	for (int a = 0; a < ru->nact; a++) {
		match_t m = {F_EQ_IC, ru->act[a], ACTION_ID, CAT_ACTION, "false"};
		if (pol->defect == D_NO_SUBSCRIBE && strcmp(ru->act[a], "subscribe") == 0)
			continue;
		if (here && a == 0 && pol->defect == D_ACTION_CASE) {
			m.match_id = F_EQ;
			m.value = "Read";
		}
		xw_open(w, "AllOf", "");
		xw_match(w, &m);
		xw_close(w, "AllOf");
	}
	xw_close(w, "AnyOf");

	xw_close(w, "Target");
	xw_close(w, "Rule");
}

static void write_obligation(xw_t *w, int idx, const char *category, int level, int no_category)
{
	char attrs[200];
	snprintf(attrs, sizeof(attrs),
		 " ObligationId=\"urn:altinn:obligation:authenticationLevel%d\" FulfillOn=\"Permit\"", idx);
	xw_open(w, "ObligationExpression", attrs);
	if (no_category)
		snprintf(attrs, sizeof(attrs), " AttributeId=\"urn:altinn:obligation%d-assignment%d\"", idx, idx);
	else
		snprintf(attrs, sizeof(attrs),
			 " AttributeId=\"urn:altinn:obligation%d-assignment%d\" Category=\"%s\"", idx, idx,
			 category);
	xw_open(w, "AttributeAssignmentExpression", attrs);
	char val[8];
	snprintf(val, sizeof(val), "%d", level);
	xw_indent(w);
	buf_printf(w->b, "<%sAttributeValue DataType=\"" XS_INTEGER "\">%s</%sAttributeValue>\n", w->p,
		   val, w->p);
	xw_close(w, "AttributeAssignmentExpression");
	xw_close(w, "ObligationExpression");
}

static void write_policy(buf_t *b, rng_t *r, const policy_t *pol)
{
	static const char *const INDENTS[] = {"    ", "    ", "  ", "\t", "\t\t"};
	xw_t w;
	w.b = b;
	w.p = rng_pct(r, 85) ? "xacml:" : "";
	w.ind = PICK(r, INDENTS);
	w.sc = rng_pct(r, 60) ? " />" : "/>";
	w.depth = 0;

	if (pol->bom)
		buf_put(b, "\xEF\xBB\xBF");
	buf_put(b, rng_pct(r, 80) ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				  : "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
	if (pol->header_comment)
		buf_printf(b, "<!-- Policy for %s. Owner: %s. Do not edit the RuleIds: Altinn Studio uses them. -->\n",
			   pol->resource, pol->org);

	const char *alg = pol->defect == D_ALG_XACML10 ? ALG_DENY_OVERRIDES_10 : ALG_DENY_OVERRIDES;
	char ns[160];
	if (*w.p)
		snprintf(ns, sizeof(ns), "xmlns:xacml=\"%s\"", NS_XACML);
	else
		snprintf(ns, sizeof(ns), "xmlns=\"%s\"", NS_XACML);
	const char *xsi = pol->xsi ? " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"" : "";
	if (pol->docs_attr_order)
		buf_printf(b, "<%sPolicy%s %s PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"%s\">\n",
			   w.p, xsi, ns, alg);
	else
		buf_printf(b, "<%sPolicy PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"%s\" %s%s>\n",
			   w.p, alg, ns, xsi);
	w.depth = 1;

	if (pol->policy_desc) {
		char d[256];
		snprintf(d, sizeof(d), "Tilgangsregler for ressursen %s (%s)", pol->resource, pol->org);
		xw_text(&w, "Description", d);
	}
	if (pol->defect == D_TARGET_NOT_EMPTY) {
		xw_indent(&w);
		buf_printf(b, "<%sTarget></%sTarget>\n", w.p, w.p);
	} else {
		xw_empty(&w, "Target");
	}

	for (int i = 0; i < pol->nrules; i++)
		write_rule(&w, pol, i);

	if (pol->header_comment)
		xw_comment(&w, COMMENTS[5]);
	xw_open(&w, "ObligationExpressions", "");
	write_obligation(&w, 1, "urn:altinn:minimum-authenticationlevel", pol->level_user,
			 pol->defect == D_OBLIG_NO_CATEGORY);
	if (pol->level_org)
		write_obligation(&w, 2, "urn:altinn:minimum-authenticationlevel-org", pol->level_org, 0);
	xw_close(&w, "ObligationExpressions");
	w.depth = 0;
	buf_printf(b, "</%sPolicy>\n", w.p);
}

/* The single-file case: one DAGL rule, read/write/subscribe, ~3 KB. */
static void write_small(buf_t *b)
{
	policy_t *pol = calloc(1, sizeof(*pol));
	if (!pol)
		die("out of memory");
	snprintf(pol->resource, sizeof(pol->resource), "ttd-correspondence-bench-1");
	pol->org = "ttd";
	pol->nrules = 1;
	pol->kind = K_CORRESPONDENCE;
	pol->studio_ruleids = 1;
	pol->level_user = 3;
	rule_t *ru = &pol->rules[0];
	ru->desc_head = "Full tilgang for daglige ledere i et selskap";
	ru->desc_tail = "";
	add_subject(ru, "urn:altinn:rolecode", "dagl");
	add_action(ru, "read");
	add_action(ru, "write");
	add_action(ru, "subscribe");

	xw_t w = {b, "xacml:", "  ", " />", 0};
	buf_put(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	buf_printf(b, "<xacml:Policy PolicyId=\"urn:altinn:policyid:1\" Version=\"1.0\" RuleCombiningAlgId=\"%s\" xmlns:xacml=\"%s\">\n",
		   ALG_DENY_OVERRIDES, NS_XACML);
	w.depth = 1;
	xw_empty(&w, "Target");
	write_rule(&w, pol, 0);
	xw_open(&w, "ObligationExpressions", "");
	write_obligation(&w, 1, "urn:altinn:minimum-authenticationlevel", 3, 0);
	xw_close(&w, "ObligationExpressions");
	buf_put(b, "</xacml:Policy>\n");
	free(pol);
}

/* ---- main -------------------------------------------------------------- */

static void write_file(const char *path, const buf_t *b)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "gen: %s: write failed: %s\n", path, strerror(errno));
		exit(2);
	}
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: gen OUTDIR N SEED\n       gen --small FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t n, seed;
	buf_t b = {NULL, 0, 0};

	if (argc == 3 && strcmp(argv[1], "--small") == 0) {
		write_small(&b);
		write_file(argv[2], &b);
		printf("gen: wrote %s (%zu bytes)\n", argv[2], b.len);
		free(b.p);
		return 0;
	}
	if (argc != 4 || parse_u64(argv[2], &n) || parse_u64(argv[3], &seed) || n == 0 || n > 9999999)
		usage();

	const char *dir = argv[1];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
		return 2;
	}

	policy_t *pol = malloc(sizeof(*pol));
	if (!pol)
		die("out of memory");
	size_t plen = strlen(dir) + 32;
	char *path = malloc(plen);
	if (!path)
		die("out of memory");

	uint64_t total = 0, rules_total = 0;
	size_t min_sz = SIZE_MAX, max_sz = 0;
	int min_rules = MAX_RULES + 1, max_rules = 0;
	unsigned defects = 0, corr = 0, dflt_ns = 0;
	unsigned hist[5] = {0}; /* rules 1, 2-3, 4-9, 10-19, 20-40 */

	for (uint64_t i = 1; i <= n; i++) {
		/* an independent stream per file: seeded from (SEED, i) */
		rng_t r = {seed};
		r.s = rng_next(&r) ^ (i * UINT64_C(0xD1B54A32D192ED03));
		build_policy(&r, pol, (unsigned)i);
		b.len = 0;
		write_policy(&b, &r, pol);
		snprintf(path, plen, "%s/policy-%05u.xml", dir, (unsigned)i);
		write_file(path, &b);

		total += b.len;
		if (b.len < min_sz)
			min_sz = b.len;
		if (b.len > max_sz)
			max_sz = b.len;
		rules_total += (uint64_t)pol->nrules;
		if (pol->nrules < min_rules)
			min_rules = pol->nrules;
		if (pol->nrules > max_rules)
			max_rules = pol->nrules;
		hist[pol->nrules == 1 ? 0 : pol->nrules <= 3 ? 1 : pol->nrules <= 9 ? 2 : pol->nrules <= 19 ? 3 : 4]++;
		defects += pol->defect != D_NONE;
		corr += pol->kind == K_CORRESPONDENCE && pol->defect == D_NONE;
		dflt_ns += strstr(b.p, "<xacml:Policy") == NULL;
	}

	printf("gen: wrote %llu files to %s: total %llu bytes, mean %.1f KB (min %zu, max %zu bytes)\n",
	       (unsigned long long)n, dir, (unsigned long long)total, (double)total / (double)n / 1024.0,
	       min_sz, max_sz);
	printf("gen: rules per file min %d, mean %.2f, max %d; files with 1: %u, 2-3: %u, 4-9: %u, 10-19: %u, 20-40: %u\n",
	       min_rules, (double)rules_total / (double)n, max_rules, hist[0], hist[1], hist[2], hist[3],
	       hist[4]);
	printf("gen: %u valid correspondence, %u other resource, %u with a defect; %u default namespace\n",
	       corr, (unsigned)(n - corr - defects), defects, dflt_ns);
	free(path);
	free(pol);
	free(b.p);
	return 0;
}
