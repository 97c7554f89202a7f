<?xml version="1.0" encoding="utf-8"?>
<!--
  correspondence: an Altinn Correspondence resource policy.
  Rule 1: recipients may read and subscribe.  Rule 2: senders may write and
  subscribe.  A rule with no subjects is left out (and lint then says what
  is missing).  Parameters: correspondence.schema.json.
  Override the wording in a team template with xsl:import and new
  definitions of the "*-description" templates (see broker.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">
  <xsl:include href="policy-lib.xsl"/>
  <xsl:output method="xml" encoding="utf-8" indent="yes"/>

  <xsl:template name="recipient-description">Recipients may read and subscribe to correspondence</xsl:template>
  <xsl:template name="sender-description">Senders may write and subscribe to correspondence</xsl:template>

  <!-- One rule for a recipients/senders object (the context node). -->
  <xsl:template name="party-rule">
    <xsl:param name="n"/>
    <xsl:param name="first-action"/>
    <xsl:param name="default-description"/>
    <xacml:Rule>
      <xsl:attribute name="RuleId">
        <xsl:call-template name="ap-rule-id">
          <xsl:with-param name="identifier" select="/params/identifier"/>
          <xsl:with-param name="n" select="$n"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="Effect">Permit</xsl:attribute>
      <xacml:Description>
        <xsl:choose>
          <xsl:when test="description"><xsl:value-of select="description"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$default-description"/></xsl:otherwise>
        </xsl:choose>
      </xacml:Description>
      <xacml:Target>
        <xsl:call-template name="ap-party-subjects"/>
        <xsl:call-template name="ap-resource">
          <xsl:with-param name="identifier" select="string(/params/identifier)"/>
        </xsl:call-template>
        <xacml:AnyOf>
          <xsl:call-template name="ap-action">
            <xsl:with-param name="action" select="$first-action"/>
          </xsl:call-template>
          <xsl:call-template name="ap-action">
            <xsl:with-param name="action" select="'subscribe'"/>
          </xsl:call-template>
        </xacml:AnyOf>
      </xacml:Target>
    </xacml:Rule>
  </xsl:template>

  <xsl:template match="/params">
    <xsl:variable name="has-recipients" select="count(recipients/roles/item | recipients/accessPackages/item) &gt; 0"/>
    <xsl:variable name="has-senders" select="count(senders/roles/item | senders/accessPackages/item | senders/orgs/item) &gt; 0"/>
    <xacml:Policy>
      <xsl:call-template name="ap-policy-start"/>
      <xsl:if test="$has-recipients">
        <xsl:for-each select="recipients">
          <xsl:call-template name="party-rule">
            <xsl:with-param name="n" select="1"/>
            <xsl:with-param name="first-action" select="'read'"/>
            <xsl:with-param name="default-description"><xsl:call-template name="recipient-description"/></xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="$has-senders">
        <xsl:for-each select="senders">
          <xsl:call-template name="party-rule">
            <xsl:with-param name="n" select="1 + number($has-recipients)"/>
            <xsl:with-param name="first-action" select="'write'"/>
            <xsl:with-param name="default-description"><xsl:call-template name="sender-description"/></xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:if>
      <xsl:call-template name="ap-obligations">
        <xsl:with-param name="level" select="authLevel"/>
        <xsl:with-param name="org-level" select="orgAuthLevel"/>
      </xsl:call-template>
    </xacml:Policy>
  </xsl:template>
</xsl:stylesheet>
