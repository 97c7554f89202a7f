<?xml version="1.0" encoding="utf-8"?>
<!--
  broker: an Altinn Broker file transfer resource policy.  The shape is the
  correspondence template's (recipients read and subscribe, senders write
  and subscribe); this stylesheet imports it and overrides only the rule
  descriptions, the way a team template overrides a built-in one.
  Parameters: broker.schema.json.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="correspondence.xsl"/>

  <xsl:template name="recipient-description">Recipients may download files and subscribe to file transfer events</xsl:template>
  <xsl:template name="sender-description">Senders may upload files and subscribe to file transfer events</xsl:template>
</xsl:stylesheet>
