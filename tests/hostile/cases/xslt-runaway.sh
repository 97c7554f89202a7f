# Team templates that never end: infinite recursion, exponential work and
# a stylesheet with a DOCTYPE/entity bomb.  Each is stopped by libxslt's
# depth limit, the XPath work bound or the safe parser, with exit 2 and a
# message naming the template; never a hang or a crash.
root=$(cd "$(dirname "$BIN")/.." && pwd)
src=$root/tests/golden/generate/security-exsl-document/team
mkdir team
cp "$src/common.schema.json" team/
for t in recurse explode bomb; do cp "$src/evil.schema.json" "team/$t.schema.json"; done
echo '{"identifier": "ttd-team"}' > params.json
cat > team/recurse.xsl <<'X'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:call-template name="again"/></xsl:template>
  <xsl:template name="again"><x><xsl:call-template name="again"/></x></xsl:template>
</xsl:stylesheet>
X
cat > team/explode.xsl <<'X'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:call-template name="twice"><xsl:with-param name="n" select="60"/></xsl:call-template></xsl:template>
  <xsl:template name="twice"><xsl:param name="n"/>
    <xsl:if test="$n &gt; 0">
      <xsl:call-template name="twice"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
      <xsl:call-template name="twice"><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
X
cat > team/bomb.xsl <<'X'
<?xml version="1.0"?>
<!DOCTYPE xsl:stylesheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><x>&h;</x></xsl:template>
</xsl:stylesheet>
X
expect 2 30 'recurse|depth|recurs' -- "$BIN" generate recurse -T team --params params.json
expect 2 60 'explode|limit|work|operations' -- "$BIN" generate explode -T team --params params.json
expect 2 10 'bomb|DOCTYPE|entit' -- "$BIN" generate bomb -T team --params params.json
[ ! -e ttd-team ] || fail_case "something was written"
