<?xml version="1.0" encoding="utf-8"?>
<!--
  resource-json: the Resource Registry's ServiceResource JSON (resource.json)
  from the same parameters as the policy templates (../shared/spec/
  registry-api.md 2.2).  Fields appear in the registry's order; policy
  parameters (recipients, senders, rules, authLevel) are ignored.
  Parameters: resource-json.schema.json.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="json-lib.xsl"/>
  <xsl:output method="text" encoding="utf-8"/>

  <!-- Resource fields in output order. -->
  <xsl:variable name="fields" select="'|version|title|description|rightDescription|homepage|status|contactPoints|keywords|delegable|visible|hasCompetentAuthority|accessListMode|resourceType|availableForType|'"/>

  <xsl:template match="/params">
    <xsl:if test="delegable = 'true' and not(rightDescription)">
      <xsl:message terminate="yes">rightDescription (nb, nn, en) is required when delegable is true</xsl:message>
    </xsl:if>
    <xsl:text>{</xsl:text>
    <xsl:for-each select="identifier">
      <xsl:call-template name="ap-json-member">
        <xsl:with-param name="key" select="'identifier'"/>
        <xsl:with-param name="first" select="1"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:variable name="params" select="."/>
    <xsl:call-template name="members">
      <xsl:with-param name="rest" select="substring($fields, 2)"/>
    </xsl:call-template>
    <xsl:if test="not(contactPoints)">,&#10;  "contactPoints": []</xsl:if>
    <xsl:text>&#10;}&#10;</xsl:text>
  </xsl:template>

  <!-- Writes the fields named in rest ("a|b|c|") that the parameters have. -->
  <xsl:template name="members">
    <xsl:param name="rest"/>
    <xsl:if test="$rest != ''">
      <xsl:variable name="name" select="substring-before($rest, '|')"/>
      <xsl:for-each select="*[local-name() = $name]">
        <xsl:call-template name="ap-json-member">
          <xsl:with-param name="key" select="$name"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:call-template name="members">
        <xsl:with-param name="rest" select="substring-after($rest, '|')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
