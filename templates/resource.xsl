<?xml version="1.0" encoding="utf-8"?>
<!--
  resource: a generic Resource Registry resource policy from a list of
  rules, each {subjects, actions}; rule N gets RuleId
  urn:altinn:resource:<identifier>:ruleid:N.  Parameters:
  resource.schema.json.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">
  <xsl:include href="policy-lib.xsl"/>
  <xsl:output method="xml" encoding="utf-8" indent="yes"/>

  <xsl:template match="/params">
    <xacml:Policy>
      <xsl:call-template name="ap-policy-start"/>
      <xsl:for-each select="rules/item">
        <xacml:Rule>
          <xsl:attribute name="RuleId">
            <xsl:call-template name="ap-rule-id">
              <xsl:with-param name="identifier" select="/params/identifier"/>
              <xsl:with-param name="n" select="position()"/>
            </xsl:call-template>
          </xsl:attribute>
          <xsl:attribute name="Effect">Permit</xsl:attribute>
          <xacml:Description>
            <xsl:choose>
              <xsl:when test="description"><xsl:value-of select="description"/></xsl:when>
              <xsl:otherwise>Rule <xsl:value-of select="position()"/></xsl:otherwise>
            </xsl:choose>
          </xacml:Description>
          <xacml:Target>
            <xacml:AnyOf>
              <xsl:for-each select="subjects/item">
                <xsl:call-template name="ap-subject-urn">
                  <xsl:with-param name="urn" select="string(.)"/>
                </xsl:call-template>
              </xsl:for-each>
            </xacml:AnyOf>
            <xsl:call-template name="ap-resource">
              <xsl:with-param name="identifier" select="string(/params/identifier)"/>
            </xsl:call-template>
            <xacml:AnyOf>
              <xsl:for-each select="actions/item">
                <xsl:call-template name="ap-action">
                  <xsl:with-param name="action" select="string(.)"/>
                </xsl:call-template>
              </xsl:for-each>
            </xacml:AnyOf>
          </xacml:Target>
        </xacml:Rule>
      </xsl:for-each>
      <xsl:call-template name="ap-obligations">
        <xsl:with-param name="level" select="authLevel"/>
        <xsl:with-param name="org-level" select="orgAuthLevel"/>
      </xsl:call-template>
    </xacml:Policy>
  </xsl:template>
</xsl:stylesheet>
