/*
 * Replays fuzz inputs without libFuzzer: links with one fuzz target and
 * calls it on every file given (directories are read one level deep).
 * `make check` runs every target over tests/fuzz/regress/<target>/ and its
 * seeds, so a crash found once stays fixed, also in the gcc and ASan builds.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;
	int ret = 1;

	if (!f)
		goto done;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto done;
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		goto done;
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	ret = 0;
done:
	if (ret)
		fprintf(stderr, "replay: cannot read %s\n", path);
	free(buf);
	if (f)
		fclose(f);
	return ret;
}

static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), i, ret = 0;

	if (n < 0) {
		fprintf(stderr, "replay: cannot read %s\n", dir);
		return 1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		if (names[i]->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) < (int)sizeof(path) &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			ret |= replay_file(path);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0)
			continue; /* an absent seed folder (no ../shared) is fine */
		if (S_ISDIR(st.st_mode)) {
			ret |= replay_dir(argv[i], &count);
		} else {
			ret |= replay_file(argv[i]);
			count++;
		}
	}
	printf("replayed %zu inputs\n", count);
	return ret;
}
