<?xml version="1.0" encoding="utf-8"?>
<!--
  Writing JSON from XSLT 1.0 (not a template itself).  ap-json-string
  quotes a string: backslash, double quote, and the control characters a
  parameter can hold (tab, line feed, carriage return; the others are
  refused before any template runs) are escaped.  ap-json writes a
  parameter element back as the JSON it came from (the reverse of the
  mapping in docs/templates.md), indented.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="str">

  <xsl:template name="ap-json-string">
    <xsl:param name="s"/>
    <xsl:variable name="s1" select="str:replace(string($s), '\', '\\')"/>
    <xsl:variable name="s2" select="str:replace($s1, '&quot;', '\&quot;')"/>
    <xsl:variable name="s3" select="str:replace($s2, '&#10;', '\n')"/>
    <xsl:variable name="s4" select="str:replace($s3, '&#13;', '\r')"/>
    <xsl:variable name="s5" select="str:replace($s4, '&#9;', '\t')"/>
    <xsl:value-of select="concat('&quot;', $s5, '&quot;')"/>
  </xsl:template>

  <!-- The JSON key of a parameter element. -->
  <xsl:template name="ap-json-key">
    <xsl:choose>
      <xsl:when test="name() = '_'"><xsl:value-of select="@key"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="local-name()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The context element as JSON; indent: the current indentation. -->
  <xsl:template name="ap-json">
    <xsl:param name="indent" select="''"/>
    <xsl:variable name="inner" select="concat($indent, '  ')"/>
    <xsl:choose>
      <xsl:when test="@type = 'object' and not(*)">{}</xsl:when>
      <xsl:when test="@type = 'array' and not(*)">[]</xsl:when>
      <xsl:when test="@type = 'object'">
        <xsl:text>{</xsl:text>
        <xsl:for-each select="*">
          <xsl:if test="position() &gt; 1">,</xsl:if>
          <xsl:value-of select="concat('&#10;', $inner)"/>
          <xsl:call-template name="ap-json-string">
            <xsl:with-param name="s"><xsl:call-template name="ap-json-key"/></xsl:with-param>
          </xsl:call-template>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="ap-json">
            <xsl:with-param name="indent" select="$inner"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:value-of select="concat('&#10;', $indent, '}')"/>
      </xsl:when>
      <xsl:when test="@type = 'array'">
        <xsl:text>[</xsl:text>
        <xsl:for-each select="*">
          <xsl:if test="position() &gt; 1">,</xsl:if>
          <xsl:value-of select="concat('&#10;', $inner)"/>
          <xsl:call-template name="ap-json">
            <xsl:with-param name="indent" select="$inner"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:value-of select="concat('&#10;', $indent, ']')"/>
      </xsl:when>
      <xsl:when test="@type = 'number' or @type = 'boolean'"><xsl:value-of select="."/></xsl:when>
      <xsl:when test="@type = 'null'">null</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ap-json-string">
          <xsl:with-param name="s" select="string(.)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A member "key": value of the object being written, with the comma
       before it unless first is 1. -->
  <xsl:template name="ap-json-member">
    <xsl:param name="key"/>
    <xsl:param name="first" select="0"/>
    <xsl:param name="indent" select="'  '"/>
    <xsl:if test="$first != 1">,</xsl:if>
    <xsl:value-of select="concat('&#10;', $indent)"/>
    <xsl:call-template name="ap-json-string">
      <xsl:with-param name="s" select="$key"/>
    </xsl:call-template>
    <xsl:text>: </xsl:text>
    <xsl:call-template name="ap-json">
      <xsl:with-param name="indent" select="$indent"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
