<?xml version="1.0" encoding="utf-8"?>
<!-- A team's correspondence template: the built-in one with Norwegian rule descriptions. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="altinn-policy:correspondence.xsl"/>
  <xsl:template name="recipient-description">Mottakere kan lese og abonnere</xsl:template>
  <xsl:template name="sender-description">Avsendere kan skrive og abonnere</xsl:template>
</xsl:stylesheet>
