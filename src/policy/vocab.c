/*
 * The Altinn vocabulary as sorted tables (spec xacml-altinn.md 2.2-2.4),
 * searched with bsearch.  Where each list comes from:
 *
 * Subject attribute ids: spec 2.2 (Altinn/altinn-authorization-tmp
 * ContextHandler.cs, DecisionHelper.cs, RoleUrn.cs), plus the subject ids
 * access management writes into delegation policies
 * (Altinn.AccessManagement.Core/Constants/AltinnXacmlConstants.cs:
 * urn:altinn:organization:uuid, party:uuid, enterpriseuser:uuid).
 * urn:altinn:org:rolecode is deliberately absent (spec 2.7, AX-V001).
 *
 * Resource attribute ids: spec 2.3 (AltinnXacmlUrns.cs of the PEP,
 * GenericCloudEventXacmlMapper.cs), plus urn:altinn:servicecode and
 * urn:altinn:serviceeditioncode, the Altinn 2 service ids of access
 * management's AltinnXacmlConstants.cs.  urn:altinn:event (obsolete) and
 * urn:altinn:serviceresource (docs samples only) are deliberately absent.
 *
 * Actions: Altinn/altinn-studio-docs:content/authorization/architecture/
 * resourceregistry/actionoptions.json (read ... access, the list Studio's
 * action picker shows), plus requestconsent and consent (consent
 * resources, spec 2.4).  App process actions beyond these are declared in
 * the app's BPMN, which a policy file does not show.
 *
 * Role codes (values of urn:altinn:rolecode), the union of:
 *  - the 45 codes of Altinn/altinn-studio-docs:content/authorization/
 *    architecture/resourceregistry/subjectoptions.json;
 *  - the codes the spec names (4.3 AX-V008: DAGL, REGNA, PRIV, UTINN, A0237,
 *    A0239, A0240, ADMAI, APIADM, APIADMNUF, HADM, KLADM, BOBE, BOBEL, INNH,
 *    RPKRT, SREVA);
 *  - every legacy role code of access management's role table
 *    (Altinn/altinn-authorization-tmp:src/apps/Altinn.AccessManagement/src/
 *    Altinn.AccessMgmt.PersistenceEF/Constants/RoleConstants.cs, snapshot of
 *    August 2026: the Altinn 2 roles and the Enhetsregisteret roles'
 *    LegacyCode, e.g. READ = "Er revisoradresse for");
 *  - ECKEYROLE (Altinn 2 role in the SBL bridge test data of access
 *    management), and SENS, SENS01, EKTJ (removed from RoleConstants.cs in
 *    July 2026 as unused; kept so old policies are not called misspelt).
 * Every urn:altinn:rolecode value in the corpus (corpus/real, 140 files) is
 * in the list, except "ttd" (an organisation code used as a role, what
 * AX-V008 exists for) and "" (AX-V009).  RPKRT is known only from a krt app
 * policy and the spec.
 *
 * Access packages (values of urn:altinn:accesspackage): every package of
 * access management's PackageConstants.cs (same folder as RoleConstants.cs,
 * same snapshot; 223 ids).  The corpus's "karttjenester" (a docs sample) is
 * not among them.
 */
#include "internal.h"
#include "policy/vocab.h"

#include <jansson.h>
#include <stdlib.h>
#include <strings.h>

/* Longest value worth looking up: no entry is longer than 60 bytes. */
#define VOCAB_MAX 128

/* Sorted by strcmp. */
static const char *const subject_ids[] = {
	"urn:altinn:access-list", "urn:altinn:accesspackage",
	"urn:altinn:authlevel", "urn:altinn:enterpriseuser:uuid",
	"urn:altinn:external-role:ccr", "urn:altinn:external-role:cra",
	"urn:altinn:org", "urn:altinn:organization:identifier-no",
	"urn:altinn:organization:uuid", "urn:altinn:organizationnumber",
	"urn:altinn:party:uuid", "urn:altinn:partyid", "urn:altinn:partytype",
	"urn:altinn:person:identifier-no", "urn:altinn:person:uuid",
	"urn:altinn:resource:delegation", "urn:altinn:role",
	"urn:altinn:rolecode", "urn:altinn:sessionid",
	"urn:altinn:systemuser:uuid", "urn:altinn:userid",
	"urn:digitaltdodsbo:rolecode", "urn:scope",
};

/* Sorted by strcmp. */
static const char *const resource_ids[] = {
	"urn:altinn:app", "urn:altinn:appresource", "urn:altinn:end-event",
	"urn:altinn:event-id", "urn:altinn:eventsource", "urn:altinn:eventtype",
	"urn:altinn:instance-id", "urn:altinn:org",
	"urn:altinn:organization:identifier-no", "urn:altinn:organizationnumber",
	"urn:altinn:party:uuid", "urn:altinn:partyid",
	"urn:altinn:person:identifier-no", "urn:altinn:resource",
	"urn:altinn:resource:instance-id", "urn:altinn:servicecode",
	"urn:altinn:serviceeditioncode", "urn:altinn:task",
};

/* Lower case, sorted by strcmp. */
static const char *const actions[] = {
	"access", "complete", "confirm", "consent", "delete", "instantiate",
	"pay", "publish", "read", "reject", "requestconsent", "scopeaccess",
	"sign", "subscribe", "write",
};

/* Lower case (UTF-8), sorted by strcmp (byte order). */
static const char *const role_codes[] = {
	"a0212", "a0236", "a0237", "a0238", "a0239", "a0240", "a0241", "a0278",
	"a0282", "a0286", "a0287", "a0288", "a0293", "a0294", "a0298", "aafy",
	"admai", "ados", "apiadm", "apiadmnuf", "attst", "avkl", "bedr", "best",
	"boadm", "bobe", "bobel", "bobes", "dagl", "dtpr", "dtso", "eckeyrole",
	"eikm", "ektj", "esgr", "etdl", "femv", "ff\xc3\xb8r", "fgrp", "fisj",
	"fusj", "hadm", "hfor", "hled", "hlse", "hmdl", "hnst", "hvar", "hvask",
	"innh", "kdat", "kdeb", "kemn", "kenk", "kgrl", "kirk", "kladm", "kmor",
	"knuf", "komab", "komk", "komp", "kont", "ktrf", "lede", "loper", "medl",
	"mvag", "mvau", "nest", "obs", "opmv", "orgl", "pasig", "pavad", "pofe",
	"pohv", "priut", "priv", "prok", "read", "regn", "regna", "repr", "revai",
	"revi", "rfad", "rpkrt", "sam", "seln", "sens", "sens01", "sife", "sign",
	"signe", "sihv", "siskd", "sreva", "stft", "uihtl", "uiluf", "utbg",
	"utinn", "utomr", "vara", "vife",
};

/* Lower case, sorted by strcmp. */
static const char *const access_packages[] = {
	"a-ordning", "aksjer-og-eierforhold", "akvakultur", "annen-tjenesteyting",
	"ansettelsesforhold", "ansvarlig-revisor", "attester",
	"avfall-behandle-gjenvinne", "baerekraft", "barnehageeier", "barnehageleder",
	"barnehagemyndighet", "barnevern", "beredskap", "bergverk",
	"biblioteker-museer-arkiver-og-annen-kultur", "byggesoknad",
	"damp-varmtvann", "dokumentbasert-tilsyn", "dyrehold", "eiendomsmegler",
	"eksplisitt", "elektrisitet-produsere-overfore-distrubere",
	"elektronisk-kommunikasjon", "familievern", "ffor-tilgangsstyrer-nuf",
	"finansiering-og-forsikring", "fiske", "folkeregister", "fornoyelser",
	"forretningsforer-eiendom", "forskning", "forstegangsregistrering",
	"generelle-helfotjenester", "godkjenning-av-personell",
	"godkjenning-av-utdanningsvirksomhet",
	"gummi-plast-og-ikkemetallholdige-mineralprodukter",
	"helfo-saerlig-kategori", "helsetjenester",
	"helsetjenester-personopplysninger-saerlig-kategori", "hovedadministrator",
	"hoyere-utdanning-og-hoyere-yrkesfaglig-utdanning",
	"informasjon-og-kommunikasjon", "infrastruktur", "innbygger-arbeidsliv",
	"innbygger-attester", "innbygger-avlastning-stotte", "innbygger-bank-finans",
	"innbygger-barn-foreldre", "innbygger-barnehage-sfo-skole",
	"innbygger-behandling", "innbygger-bolig-eiendom", "innbygger-byggesoknad",
	"innbygger-design-varemerke", "innbygger-forerkort", "innbygger-forsikring",
	"innbygger-fritidsaktiviteter-friluftsliv", "innbygger-frivillighet",
	"innbygger-helsetjenester", "innbygger-idrett", "innbygger-innkreving",
	"innbygger-kjoretoy", "innbygger-kultur", "innbygger-loyve",
	"innbygger-patent", "innbygger-pensjon", "innbygger-permisjon-oppsigelse",
	"innbygger-pleie-omsorg", "innbygger-samliv", "innbygger-sertifisering",
	"innbygger-skatteforhold-privatpersoner", "innbygger-soknader-sertifisering",
	"innbygger-stotte-tilskudd", "innbygger-straffesak", "innbygger-sykefravaer",
	"innbygger-tilgangsstyring-privatperson", "innbygger-toll-avgift",
	"innbygger-utdanning", "innbygger-vapen", "jakt-og-viltstell",
	"jernbanetransport", "jordbruk", "kjop-og-salg-eiendom", "kjoretoy",
	"klientadministrator", "kommuneoverlege", "konkursbo-lesetilgang",
	"konkursbo-skrivetilgang", "konkursbo-tilgangsstyrer", "krav-og-utlegg",
	"kreditt-og-oppgjoer", "kunst-og-underholdning",
	"lagring-og-andre-tjenester-tilknyttet-transport", "lonn",
	"lonn-personopplysninger-saerlig-kategori", "lotteri-og-spill",
	"lufttransport", "maskinlesbare-hendelser", "maskinporten-administrator",
	"maskinporten-scopes", "maskinporten-scopes-nuf", "merverdiavgift",
	"metaller-og-mineraler", "metallvarer-elektrisk-utstyr-og-maskiner",
	"miljorydding-miljorensing-og-lignende", "miljorydding-rensing",
	"mine-sider-kommune", "mobler-og-annen-industri", "motorvognavgift",
	"motta-nabo-og-planvarsel", "mva-kompensasjon-revisorattesterer",
	"naeringsmidler-drikkevarer-og-tobakk",
	"namsmannen-tvangsfullbyrdelse-forliksradet", "offentlige-anskaffelser",
	"oljeraffinering-kjemisk-farmasoytisk-industri", "omregistrering",
	"oppforing-bygg-anlegg", "oppgi-naermeste-leder", "opplaeringskontorleder",
	"ordinaer-post-til-virksomheten", "overnatting", "patent-varemerke-design",
	"pensjon", "permisjon", "plansak", "pleie-omsorgstjenester-i-institusjon",
	"politi-og-domstol", "politikk",
	"post-til-virksomheten-med-taushetsbelagt-innhold", "posttjenester",
	"ppt-leder", "rapportering-statistikk",
	"reelle-rettighetshavere-avvik-eu-oppslag", "regnskap-okonomi-rapport",
	"regnskapsforer-lonn", "regnskapsforer-med-signeringsrettighet",
	"regnskapsforer-uten-signeringsrettighet", "reindrift", "renovasjon",
	"reparasjon-og-installasjon-av-maskiner-og-utstyr", "revisjon",
	"revisorattesterer", "revisormedarbeider", "saeravgifter",
	"samle-behandle-avlopsvann", "servering", "sfo-leder",
	"sikkerhet-og-internkontroll", "sjofart", "skatt-naering", "skattegrunnlag",
	"skogbruk", "skoleeier", "skoleleder",
	"sosiale-omsorgstjenester-uten-botilbud-og-flyktningemottak",
	"sport-og-fritid", "starte-drive-endre-avvikle-virksomhet",
	"statsforvalter-barnehage", "statsforvalter-skole-og-opplearing",
	"sykefravaer", "sykefravaer-personopplysninger-saerlig-kategori",
	"teknisk-samhandling-digdir", "teknisk-samhandling-skatt",
	"tekstiler-klaer-laervarer", "tilgangsstyrer",
	"tilgangsstyring-enkeltinstanser", "tilskudd-stotte-erstatning",
	"tinglysing-eiendom", "tjenester-nuf", "toll", "trafikant",
	"transport-i-ror", "trelast-trevarer-papirvarer",
	"trykkerier-reproduksjon-opptak", "ulykke", "utleie-eiendom",
	"utvinning-raaolje-naturgass-kull", "vann-kilde-rense-distrubere",
	"varehandel", "veitransport", "verft-og-andre-transportmidler",
	"vergemal-bank-representasjon-dagligbank",
	"vergemal-bank-ta-opp-lan-kreditter",
	"vergemal-forsikringsselskap-forvalte-forsikringsavtaler",
	"vergemal-helfo-fastlege", "vergemal-helfo-refusjon-privatpersoner",
	"vergemal-husbanken-bostotte", "vergemal-husbanken-startlan",
	"vergemal-inkassoselskap-inkassoavtaler",
	"vergemal-kartverket-arv-privat-skifte-uskifte",
	"vergemal-kartverket-avtaler-rettigheter",
	"vergemal-kartverket-endring-eiendom", "vergemal-kartverket-kjop-eiendom",
	"vergemal-kartverket-laneopptak",
	"vergemal-kartverket-salg-fast-eiendom-borettslagsandel",
	"vergemal-kartverket-sletting", "vergemal-kommune-bygg-eiendom",
	"vergemal-kommune-helse-omsorg", "vergemal-kommune-skatt-avgift",
	"vergemal-kommune-skole-utdanning", "vergemal-kommune-sosiale-tjenester",
	"vergemal-kredittvurderingsselskap-kredittsperre",
	"vergemal-namsmannen-gjeldsordning", "vergemal-nav-arbeid",
	"vergemal-nav-familie", "vergemal-nav-hjelpemidler", "vergemal-nav-pensjon",
	"vergemal-nav-sosiale-tjenester",
	"vergemal-ovrige-avslutning-husleiekontrakter",
	"vergemal-ovrige-inngaelse-husleiekontrakter",
	"vergemal-ovrige-kjop-leie-varer-tjenester",
	"vergemal-ovrige-salg-losore-storre-verdi",
	"vergemal-pasientreiser-refusjon-pasientreiser",
	"vergemal-skatteetaten-endre-postadresse",
	"vergemal-skatteetaten-innkreving-tvangsfullbyrdelse",
	"vergemal-skatteetaten-melde-flytting", "vergemal-skatteetaten-skatt",
	"vergemal-statsforvalter-soke-om-samtykke-disposisjon",
	"vergemal-tingretten-begjaere-skifte-uskiftebo",
	"vergemal-tingretten-begjaere-uskifte",
	"vergemal-tingretten-privat-skifte-dodsbo",
	"virksomhetens-representant-skjemaoppgaver", "yrkesskade",
};

/* Sorted by strcmp. */
static const char *const party_pins[] = {
	"urn:altinn:enterpriseuser:uuid", "urn:altinn:organization:identifier-no",
	"urn:altinn:organization:uuid", "urn:altinn:organizationnumber",
	"urn:altinn:party:uuid", "urn:altinn:partyid",
	"urn:altinn:person:identifier-no", "urn:altinn:person:uuid",
	"urn:altinn:systemuser:uuid", "urn:altinn:userid",
};

struct table {
	const char *const *v;
	size_t n;
	int fold; /* compare ignoring case */
};

static const struct table tables[AP_VOCAB_LIST_COUNT] = {
	[AP_VOCAB_SUBJECT_IDS] = {subject_ids, ARRAY_SIZE(subject_ids), 0},
	[AP_VOCAB_RESOURCE_IDS] = {resource_ids, ARRAY_SIZE(resource_ids), 0},
	[AP_VOCAB_ACTIONS] = {actions, ARRAY_SIZE(actions), 1},
	[AP_VOCAB_ROLE_CODES] = {role_codes, ARRAY_SIZE(role_codes), 1},
	[AP_VOCAB_ACCESS_PACKAGES] = {access_packages, ARRAY_SIZE(access_packages), 1},
};

/*
 * Lower-cases len bytes of s into buf (NUL-terminated): ASCII letters and
 * the Latin-1 capitals of UTF-8 (U+00C0..U+00DE but U+00D7, e.g. Ø Æ Å).
 * Returns 0 when s does not fit.
 */
static int fold(char *buf, size_t size, const char *s, size_t len)
{
	size_t i;

	if (len >= size)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
			 c <= 0x9E && c != 0x97)
			c = (unsigned char)(c + 0x20);
		buf[i] = (char)c;
	}
	buf[len] = '\0';
	return 1;
}

static int cmp_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int ap_vocab_known(enum ap_vocab_list list, const char *s, size_t len)
{
	const struct table *t;
	char buf[VOCAB_MAX];

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL)
		return 0;
	t = &tables[list];
	if (t->fold) {
		if (!fold(buf, sizeof(buf), s, len))
			return 0;
	} else {
		if (len >= sizeof(buf))
			return 0;
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return bsearch(buf, t->v, t->n, sizeof(t->v[0]), cmp_str) != NULL;
}

int ap_vocab_known_str(enum ap_vocab_list list, const char *s)
{
	const struct table *t;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL)
		return 0;
	t = &tables[list];
	if (!t->fold) /* exact: no copy needed */
		return bsearch(s, t->v, t->n, sizeof(t->v[0]), cmp_str) != NULL;
	return ap_vocab_known(list, s, strlen(s));
}

/*
 * Optimal-string-alignment distance of a and b (insert, delete, substitute,
 * swap of neighbours), or max + 1 when it exceeds max.  Both are at most
 * VOCAB_MAX - 1 bytes.
 */
static unsigned osa(const char *a, size_t la, const char *b, size_t lb,
		    unsigned max)
{
	unsigned rows[3][VOCAB_MAX];
	unsigned *pp, *p, *c;
	size_t i, j;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (j = 0; j <= lb; j++)
		p[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned best;
		unsigned *t;

		c[0] = (unsigned)i;
		best = c[0];
		for (j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0u : 1u;
			unsigned v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[lb] > max ? max + 1 : p[lb];
}

/*
 * Sum over byte classes (the low five bits) of the difference between the
 * counts in khist and in e: every edit changes it by at most 2, so half of
 * it is a lower bound of the edit distance, and a cheap one.
 */
static unsigned hist_distance(const unsigned khist[32], const char *e,
			      size_t el)
{
	int h[32];
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < 32; i++)
		h[i] = (int)khist[i];
	for (i = 0; i < el; i++)
		h[(unsigned char)e[i] & 31]--;
	for (i = 0; i < 32; i++)
		sum += (unsigned)(h[i] < 0 ? -h[i] : h[i]);
	return sum;
}

const char *ap_vocab_near_miss(enum ap_vocab_list list, const char *s,
			       size_t len, unsigned max_dist)
{
	const struct table *t;
	char key[VOCAB_MAX];
	const char *best = NULL;
	unsigned best_d = max_dist + 1, khist[32] = {0};
	size_t i;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL ||
	    !fold(key, sizeof(key), s, len))
		return NULL;
	t = &tables[list];
	for (i = 0; i < len; i++)
		khist[(unsigned char)key[i] & 31]++;
	/* every entry is stored in lower case already (test_vocab checks) */
	for (i = 0; i < t->n; i++) {
		size_t el = strlen(t->v[i]);
		unsigned d;

		if ((el > len ? el - len : len - el) > max_dist ||
		    hist_distance(khist, t->v[i], el) > 2 * max_dist)
			continue;
		if (el == len && memcmp(t->v[i], s, len) == 0)
			return NULL; /* known: not a near miss */
		d = osa(key, len, t->v[i], el, max_dist);
		if (d < best_d) {
			best_d = d;
			best = t->v[i];
		}
	}
	return best;
}

int ap_vocab_subject_pins_party(const char *attribute_id)
{
	return attribute_id != NULL &&
	       bsearch(attribute_id, party_pins, ARRAY_SIZE(party_pins),
		       sizeof(party_pins[0]), cmp_str) != NULL;
}

int ap_vocab_option_lists(const struct json_t *opts, const char *key,
			  const char *s, size_t len)
{
	const json_t *arr;
	size_t i;

	if (opts == NULL || s == NULL)
		return 0;
	arr = json_object_get(opts, key);
	if (!json_is_array(arr))
		return 0;
	for (i = 0; i < json_array_size(arr); i++) {
		const char *v = json_string_value(json_array_get(arr, i));

		if (v != NULL && strlen(v) == len && strncasecmp(v, s, len) == 0)
			return 1;
	}
	return 0;
}

const char *const *ap_vocab_entries(enum ap_vocab_list list, size_t *n)
{
	if ((unsigned)list >= AP_VOCAB_LIST_COUNT) {
		*n = 0;
		return NULL;
	}
	*n = tables[list].n;
	return tables[list].v;
}
