<?xml version="1.0" encoding="utf-8"?>
<!--
  Shared pieces of the built-in policy templates (not a template itself:
  it has no parameter description).  Include it with
    <xsl:include href="policy-lib.xsl"/>            (from templates/)
    <xsl:import href="altinn-policy:policy-lib.xsl"/> (from a team's directory)
  Every parameter value reaches the output through xsl:value-of or an
  attribute value template, never as markup.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xacml="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17">

  <xsl:variable name="ap-string" select="'http://www.w3.org/2001/XMLSchema#string'"/>
  <xsl:variable name="ap-integer" select="'http://www.w3.org/2001/XMLSchema#integer'"/>
  <xsl:variable name="ap-subject-cat" select="'urn:oasis:names:tc:xacml:1.0:subject-category:access-subject'"/>
  <xsl:variable name="ap-resource-cat" select="'urn:oasis:names:tc:xacml:3.0:attribute-category:resource'"/>
  <xsl:variable name="ap-action-cat" select="'urn:oasis:names:tc:xacml:3.0:attribute-category:action'"/>
  <xsl:variable name="ap-equal" select="'urn:oasis:names:tc:xacml:1.0:function:string-equal'"/>
  <xsl:variable name="ap-equal-ic" select="'urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case'"/>
  <xsl:variable name="ap-package-prefix" select="'urn:altinn:accesspackage:'"/>

  <!-- One Match: value compared with the designator's attribute. -->
  <xsl:template name="ap-match">
    <xsl:param name="function"/>
    <xsl:param name="value"/>
    <xsl:param name="attribute"/>
    <xsl:param name="category"/>
    <xacml:AllOf>
      <xacml:Match MatchId="{$function}">
        <xacml:AttributeValue DataType="{$ap-string}"><xsl:value-of select="$value"/></xacml:AttributeValue>
        <xacml:AttributeDesignator AttributeId="{$attribute}" Category="{$category}" DataType="{$ap-string}" MustBePresent="false"/>
      </xacml:Match>
    </xacml:AllOf>
  </xsl:template>

  <!-- Subjects of a recipients/senders object: roles, access packages, orgs
       (the context node is that object). -->
  <xsl:template name="ap-party-subjects">
    <xacml:AnyOf>
      <xsl:for-each select="roles/item">
        <xsl:call-template name="ap-match">
          <xsl:with-param name="function" select="$ap-equal-ic"/>
          <xsl:with-param name="value" select="string(.)"/>
          <xsl:with-param name="attribute" select="'urn:altinn:rolecode'"/>
          <xsl:with-param name="category" select="$ap-subject-cat"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="accessPackages/item">
        <xsl:call-template name="ap-match">
          <xsl:with-param name="function" select="$ap-equal-ic"/>
          <xsl:with-param name="value" select="substring-after(., $ap-package-prefix)"/>
          <xsl:with-param name="attribute" select="'urn:altinn:accesspackage'"/>
          <xsl:with-param name="category" select="$ap-subject-cat"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="orgs/item">
        <xsl:call-template name="ap-match">
          <xsl:with-param name="function" select="$ap-equal-ic"/>
          <xsl:with-param name="value" select="string(.)"/>
          <xsl:with-param name="attribute" select="'urn:altinn:org'"/>
          <xsl:with-param name="category" select="$ap-subject-cat"/>
        </xsl:call-template>
      </xsl:for-each>
    </xacml:AnyOf>
  </xsl:template>

  <!-- The part of s before its last colon. -->
  <xsl:template name="ap-before-last-colon">
    <xsl:param name="s"/>
    <xsl:param name="done" select="''"/>
    <xsl:choose>
      <xsl:when test="contains($s, ':')">
        <xsl:call-template name="ap-before-last-colon">
          <xsl:with-param name="s" select="substring-after($s, ':')"/>
          <xsl:with-param name="done" select="concat($done, substring-before($s, ':'), ':')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="substring($done, 1, string-length($done) - 1)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One subject URN (urn:altinn:rolecode:DAGL): attribute id before the
       last colon, value after it; access lists keep <org>:<list>. -->
  <xsl:template name="ap-subject-urn">
    <xsl:param name="urn"/>
    <xsl:variable name="attribute">
      <xsl:choose>
        <xsl:when test="starts-with($urn, 'urn:altinn:access-list:')">urn:altinn:access-list</xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="ap-before-last-colon">
            <xsl:with-param name="s" select="$urn"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="ap-match">
      <xsl:with-param name="function" select="$ap-equal-ic"/>
      <xsl:with-param name="value" select="substring($urn, string-length($attribute) + 2)"/>
      <xsl:with-param name="attribute" select="string($attribute)"/>
      <xsl:with-param name="category" select="$ap-subject-cat"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The resource: urn:altinn:resource = the identifier. -->
  <xsl:template name="ap-resource">
    <xsl:param name="identifier"/>
    <xacml:AnyOf>
      <xsl:call-template name="ap-match">
        <xsl:with-param name="function" select="$ap-equal"/>
        <xsl:with-param name="value" select="$identifier"/>
        <xsl:with-param name="attribute" select="'urn:altinn:resource'"/>
        <xsl:with-param name="category" select="$ap-resource-cat"/>
      </xsl:call-template>
    </xacml:AnyOf>
  </xsl:template>

  <!-- One action. -->
  <xsl:template name="ap-action">
    <xsl:param name="action"/>
    <xsl:call-template name="ap-match">
      <xsl:with-param name="function" select="$ap-equal-ic"/>
      <xsl:with-param name="value" select="$action"/>
      <xsl:with-param name="attribute" select="'urn:oasis:names:tc:xacml:1.0:action:action-id'"/>
      <xsl:with-param name="category" select="$ap-action-cat"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The Studio RuleId of rule n. -->
  <xsl:template name="ap-rule-id">
    <xsl:param name="identifier"/>
    <xsl:param name="n"/>
    <xsl:value-of select="concat('urn:altinn:resource:', $identifier, ':ruleid:', $n)"/>
  </xsl:template>

  <!-- The authentication level obligations: end users first (Dialogporten
       reads only the first), then the organisation level when given. -->
  <xsl:template name="ap-obligations">
    <xsl:param name="level"/>
    <xsl:param name="org-level"/>
    <xacml:ObligationExpressions>
      <xacml:ObligationExpression FulfillOn="Permit" ObligationId="urn:altinn:obligation:authenticationLevel1">
        <xacml:AttributeAssignmentExpression AttributeId="urn:altinn:obligation1-assignment1" Category="urn:altinn:minimum-authenticationlevel">
          <xacml:AttributeValue DataType="{$ap-integer}"><xsl:value-of select="$level"/></xacml:AttributeValue>
        </xacml:AttributeAssignmentExpression>
      </xacml:ObligationExpression>
      <xsl:if test="string($org-level) != ''">
        <xacml:ObligationExpression FulfillOn="Permit" ObligationId="urn:altinn:obligation:authenticationLevel2">
          <xacml:AttributeAssignmentExpression AttributeId="urn:altinn:obligation2-assignment2" Category="urn:altinn:minimum-authenticationlevel-org">
            <xacml:AttributeValue DataType="{$ap-integer}"><xsl:value-of select="$org-level"/></xacml:AttributeValue>
          </xacml:AttributeAssignmentExpression>
        </xacml:ObligationExpression>
      </xsl:if>
    </xacml:ObligationExpressions>
  </xsl:template>

  <!-- Policy element attributes and the empty policy Target (Studio's
       shape); the caller's content follows. -->
  <xsl:template name="ap-policy-start">
    <xsl:attribute name="PolicyId">urn:altinn:policyid:1</xsl:attribute>
    <xsl:attribute name="Version">1.0</xsl:attribute>
    <xsl:attribute name="RuleCombiningAlgId">urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides</xsl:attribute>
    <xacml:Target/>
  </xsl:template>
</xsl:stylesheet>
