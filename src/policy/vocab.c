/*
 * The Altinn vocabulary as sorted tables (spec xacml-altinn.md 2.2-2.4),
 * looked up through hash sets built from them once.  Where each list
 * comes from:
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
#include <pthread.h>
#include <stdatomic.h>
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

/*
 * Each table is also indexed by a hash set, built once: a lookup hashes the
 * length and a few (folded) bytes of the key and compares with the entry
 * or two in its slots, instead of the eight or so strcmp of a binary
 * search.  Sets: the lists, then party_pins.  A set has a power of two
 * slots, at least four per entry; a slot holds the entry's first eight
 * bytes, its length and its index + 1 (0: empty), so that a probe reads
 * one slot and, for an entry of at most eight bytes, nothing else.
 */
#define SET_PINS AP_VOCAB_LIST_COUNT
#define SET_COUNT (AP_VOCAB_LIST_COUNT + 1)
#define MAX_ENTRIES 255
#define SET_STORE 4096 /* at most 8 slots per entry, and 64 per set */

struct vslot {
	uint64_t head;  /* the first (up to) 8 bytes, little-endian, 0-padded */
	const char *e;  /* the entry (for the bytes after the eighth) */
	uint8_t len;
	uint8_t index1; /* entry index + 1; 0: empty */
};

static struct vslot set_store[SET_STORE];
static const struct vslot *set_slots[SET_COUNT];
static unsigned set_bits[SET_COUNT];
/* Per entry of each set: its length; per entry of each list: the byte-
 * class histogram ap_vocab_near_miss filters with. */
static unsigned char entry_len[SET_COUNT][MAX_ENTRIES];
static unsigned char entry_hist[AP_VOCAB_LIST_COUNT][MAX_ENTRIES][32];
/* Per list: its entry indexes ordered by length (then index), and where
 * each length starts in that order (len_start[l][k] .. [k + 1]). */
static unsigned char by_len[AP_VOCAB_LIST_COUNT][MAX_ENTRIES];
static uint16_t len_start[AP_VOCAB_LIST_COUNT][VOCAB_MAX + 1];
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;
static atomic_int sets_ready; /* set once build_sets has run */
_Static_assert(ARRAY_SIZE(subject_ids) <= MAX_ENTRIES &&
	       ARRAY_SIZE(resource_ids) <= MAX_ENTRIES &&
	       ARRAY_SIZE(actions) <= MAX_ENTRIES &&
	       ARRAY_SIZE(role_codes) <= MAX_ENTRIES &&
	       ARRAY_SIZE(access_packages) <= MAX_ENTRIES &&
	       ARRAY_SIZE(party_pins) <= MAX_ENTRIES,
	       "a vocabulary list outgrew MAX_ENTRIES");
_Static_assert(8 * (ARRAY_SIZE(subject_ids) + ARRAY_SIZE(resource_ids) +
		    ARRAY_SIZE(actions) + ARRAY_SIZE(role_codes) +
		    ARRAY_SIZE(access_packages) + ARRAY_SIZE(party_pins)) +
	       64 * SET_COUNT <= SET_STORE,
	       "the vocabulary outgrew SET_STORE");

/* s[i] folded as fold() folds it: ASCII capitals, and the Latin-1
 * capitals of UTF-8 (after 0xC3). */
static inline unsigned char folded_at(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 &&
	    c <= 0x9E && c != 0x97)
		return (unsigned char)(c + 0x20);
	return c;
}

/*
 * Slot of the len bytes of s (len > 0): from the length and the bytes at
 * the start, the middle and the end, each with bit 0x20 set.  fold()
 * only ever sets that bit (A-Z, and the Latin-1 capitals after 0xC3), so
 * a key and its folded form land in the same slot: one hash serves the
 * exact and the folded lists, without a branch per byte.
 */
static inline uint32_t slot_of(const char *s, size_t len, unsigned bits)
{
	uint32_t x = ((uint32_t)(unsigned char)s[0] |
		      (uint32_t)(unsigned char)s[len / 2] << 8 |
		      (uint32_t)(unsigned char)s[len - 1] << 16 |
		      (uint32_t)(unsigned char)s[len > 1 ? len - 2 : 0] << 24) |
		     0x20202020u;

	/* one multiply: the lookup's latency is what counts */
	return ((x ^ (uint32_t)len << 2) * 0x2c1b3c6du) >> (32 - bits);
}

/* The first (up to) 8 bytes of the len bytes of s, folded when fold_case,
 * as struct vslot holds them. */
static inline uint64_t head_of(const char *s, size_t len, int fold_case)
{
	const uint64_t hi = 0x8080808080808080u;
	uint64_t h = 0;
	size_t i, n = len < 8 ? len : 8;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* whole words where the bytes are there (the same value as the
	 * byte loop below on a little-endian machine) */
	if (n == 8) {
		memcpy(&h, s, 8);
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		h = (uint64_t)a | (uint64_t)b << (8 * (n - 4));
	} else {
		for (i = 0; i < n; i++)
			h |= (uint64_t)(unsigned char)s[i] << (8 * i);
	}
	if (!fold_case)
		return h;
	if ((h & hi) == 0) {
		/* ASCII: set bit 0x20 of the bytes in 'A'..'Z' at once */
		uint64_t ge_a = h + 0x3f3f3f3f3f3f3f3fu; /* high bit: >= 'A' */
		uint64_t gt_z = h + 0x2525252525252525u; /* high bit: > 'Z' */

		return h | ((ge_a & ~gt_z & hi) >> 2);
	}
	h = 0;
#else
	(void)hi;
#endif
	for (i = 0; i < n; i++)
		h |= (uint64_t)(fold_case ? folded_at(s, i) : (unsigned char)s[i])
		     << (8 * i);
	return h;
}

static void add_to_set(unsigned set_id, const char *const *v, size_t n,
		       int fold_case, size_t *used)
{
	struct vslot *set = set_store + *used;
	unsigned bits = 6;
	size_t i, len;
	uint32_t h;

	while ((1u << bits) < 4 * n)
		bits++;
	*used += (size_t)1 << bits;
	set_slots[set_id] = set;
	set_bits[set_id] = bits;
	for (i = 0; i < n; i++) {
		len = strlen(v[i]);
		entry_len[set_id][i] = (unsigned char)len;
		for (h = slot_of(v[i], len, bits); set[h].index1 != 0;
		     h = (h + 1) & ((1u << bits) - 1))
			;
		/* built as looked up (entries of fold lists are lower case) */
		set[h].head = head_of(v[i], len, fold_case);
		set[h].e = v[i];
		set[h].len = (uint8_t)len;
		set[h].index1 = (uint8_t)(i + 1);
	}
}

static void build_sets(void)
{
	uint16_t next[VOCAB_MAX + 1];
	size_t l, i, k, used = 0;

	/* the fold lists are stored in lower case (test_vocab checks), so
	 * an entry is its own folded form */
	for (l = 0; l < AP_VOCAB_LIST_COUNT; l++) {
		add_to_set((unsigned)l, tables[l].v, tables[l].n, tables[l].fold,
			   &used);
		for (i = 0; i < tables[l].n; i++) {
			const char *e = tables[l].v[i];

			for (k = 0; e[k] != '\0'; k++)
				entry_hist[l][i][(unsigned char)e[k] & 31]++;
		}
		/* counting sort by length (no entry is VOCAB_MAX long) */
		for (i = 0; i < tables[l].n; i++)
			len_start[l][entry_len[l][i] + 1]++;
		for (k = 1; k <= VOCAB_MAX; k++)
			len_start[l][k] += len_start[l][k - 1];
		memcpy(next, len_start[l], sizeof(next));
		for (i = 0; i < tables[l].n; i++)
			by_len[l][next[entry_len[l][i]]++] = (unsigned char)i;
	}
	add_to_set(SET_PINS, party_pins, ARRAY_SIZE(party_pins), 0, &used);
	atomic_store_explicit(&sets_ready, 1, memory_order_release);
}

/* Builds the sets on first use (any thread). */
static inline void need_sets(void)
{
	if (!atomic_load_explicit(&sets_ready, memory_order_acquire))
		pthread_once(&sets_once, build_sets);
}

/* True when the len bytes at a and b are equal: a few word compares for
 * ids and values (the last word overlapping the one before), no call. */
static inline int same_bytes(const char *a, const char *b, size_t len)
{
	uint64_t x, y;
	uint32_t u, v;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + len - 8, 8);
		memcpy(&y, b + len - 8, 8);
		return x == y;
	}
	if (len >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + len - 4, 4);
		memcpy(&v, b + len - 4, 4);
		return u == v;
	}
	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/*
 * True when the len bytes of s (no NUL among them), folded when
 * fold_case, are an entry of v, indexed by set set_id.
 */
static inline int in_set(unsigned set_id, int fold_case, const char *s,
			 size_t len)
{
	const struct vslot *set, *slot;
	unsigned bits;
	uint64_t head;
	uint32_t h;
	size_t i;

	if (len == 0 || len >= VOCAB_MAX) /* no entry is empty or that long */
		return 0;
	need_sets();
	set = set_slots[set_id];
	bits = set_bits[set_id];
	head = head_of(s, len, fold_case);
	for (h = slot_of(s, len, bits); (slot = &set[h])->index1 != 0;
	     h = (h + 1) & ((1u << bits) - 1)) {
		const char *e;

		if (slot->len != len || slot->head != head)
			continue;
		if (len <= 8)
			return 1;
		/* the rest: as written (values mostly are), else folded */
		e = slot->e;
		if (same_bytes(e + 8, s + 8, len - 8))
			return 1;
		if (!fold_case)
			continue;
		for (i = 8; i < len; i++)
			if (e[i] != s[i] &&
			    (unsigned char)e[i] != folded_at(s, i))
				break;
		if (i == len)
			return 1;
	}
	return 0;
}

/* in_set for the exact and the folded lists (fold_case constant in each,
 * so that neither tests it per byte). */
static int in_set_exact(unsigned set_id, const char *s, size_t len)
{
	return in_set(set_id, 0, s, len);
}

static int in_set_fold(unsigned set_id, const char *s, size_t len)
{
	return in_set(set_id, 1, s, len);
}

int ap_vocab_known(enum ap_vocab_list list, const char *s, size_t len)
{
	const struct table *t;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL)
		return 0;
	t = &tables[list];
	/* what does not fit the lookup buffer is known to be no entry */
	if (len >= VOCAB_MAX)
		return 0;
	/* a copy of s would end at a NUL among the len bytes */
	len = strnlen(s, len);
	return t->fold ? in_set_fold((unsigned)list, s, len)
		       : in_set_exact((unsigned)list, s, len);
}

int ap_vocab_known_text(enum ap_vocab_list list, const char *s, size_t len)
{
	const struct table *t;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL ||
	    len >= VOCAB_MAX)
		return 0;
	t = &tables[list];
	return t->fold ? in_set_fold((unsigned)list, s, len)
		       : in_set_exact((unsigned)list, s, len);
}

int ap_vocab_known_str(enum ap_vocab_list list, const char *s)
{
	size_t len;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL)
		return 0;
	/* no entry is VOCAB_MAX bytes long */
	len = strnlen(s, VOCAB_MAX);
	if (len >= VOCAB_MAX)
		return 0;
	return tables[list].fold ? in_set_fold((unsigned)list, s, len)
				 : in_set_exact((unsigned)list, s, len);
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
 * counts in khist and in ehist (an entry's): every edit changes it by at
 * most 2, so half of it is a lower bound of the edit distance, and a
 * cheap one.  Eight classes at a time: every count is below 128 (keys and
 * entries are shorter than VOCAB_MAX), so 128 + a - b fits a byte.
 */
static unsigned hist_distance(const unsigned char khist[32],
			      const unsigned char ehist[32])
{
	const uint64_t hi = 0x8080808080808080u, lo7 = 0x7f7f7f7f7f7f7f7fu;
	const uint64_t ones = 0x0101010101010101u;
	const uint64_t even = 0x00ff00ff00ff00ffu;
	unsigned sum = 0;
	size_t w;

	for (w = 0; w < 32; w += 8) {
		uint64_t a, b, d, ge, v, pairs;

		memcpy(&a, khist + w, 8);
		memcpy(&b, ehist + w, 8);
		d = (a | hi) - b;               /* per byte 128 + a - b */
		ge = ((d & hi) >> 7) * 0xff;    /* 0xff where a >= b */
		v = (d & lo7 & ge) |            /* a - b */
		    ((((d ^ lo7) & lo7) + ones) & ~ge); /* b - a */
		pairs = (v & even) + ((v >> 8) & even);
		sum += (unsigned)((pairs * 0x0001000100010001u) >> 48);
	}
	return sum;
}

const char *ap_vocab_near_miss(enum ap_vocab_list list, const char *s,
			       size_t len, unsigned max_dist)
{
	const struct table *t;
	char key[VOCAB_MAX];
	const char *best = NULL;
	unsigned best_d = max_dist + 1;
	unsigned char khist[32] = {0}; /* counts up to VOCAB_MAX - 1 */
	size_t i, k, from, to, best_i = 0;

	if ((unsigned)list >= AP_VOCAB_LIST_COUNT || s == NULL ||
	    !fold(key, sizeof(key), s, len))
		return NULL;
	t = &tables[list];
	need_sets();
	for (i = 0; i < len; i++)
		khist[(unsigned char)key[i] & 31]++;
	/* only the entries within max_dist of the length: the closest, the
	 * first in table order on a tie; none when s is itself an entry */
	from = len > max_dist ? len - max_dist : 0;
	to = len + max_dist + 1 < VOCAB_MAX ? len + max_dist + 1 : VOCAB_MAX;
	/* every entry is stored in lower case already (test_vocab checks) */
	for (k = len_start[list][from]; k < len_start[list][to]; k++) {
		size_t el;
		unsigned d;

		i = by_len[list][k];
		el = entry_len[list][i];
		if (hist_distance(khist, entry_hist[list][i]) > 2 * max_dist)
			continue;
		if (el == len && memcmp(t->v[i], s, len) == 0)
			return NULL; /* known: not a near miss */
		d = osa(key, len, t->v[i], el, max_dist);
		if (d < best_d || (d == best_d && best != NULL && i < best_i)) {
			best_d = d;
			best = t->v[i];
			best_i = i;
		}
	}
	return best;
}

int ap_vocab_subject_pins_party(const char *attribute_id)
{
	size_t len;

	if (attribute_id == NULL)
		return 0;
	len = strnlen(attribute_id, VOCAB_MAX);
	return len < VOCAB_MAX &&
	       in_set_exact(SET_PINS, attribute_id, len);
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
