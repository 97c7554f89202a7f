<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="stolen.txt" method="text"><xsl:value-of select="/params/identifier"/></exsl:document>
    <out/>
  </xsl:template>
</xsl:stylesheet>
