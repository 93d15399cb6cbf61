/** `cf-devices certificates …`: device certificate provisioning for a zone. */
import { defineArea, simple } from "./_shared.js";

export const area = defineArea({
  group: "certificates",
  summary: "Device certificate provisioning (zone)",
  commands: () => [
    simple("certificates get", "getCertificateProvisioning", {
      examples: ["cf-devices certificates get --zone-id ZONE_ID"],
    }),
    {
      ...simple("certificates enable", "updateCertificateProvisioning", {
        examples: ["cf-devices certificates enable --zone-id ZONE_ID"],
      }),
      summary: "Let WARP clients provision device certificates in a zone",
      plan: () => [{ operationId: "updateCertificateProvisioning", body: { enabled: true } }],
    },
    {
      ...simple("certificates disable", "updateCertificateProvisioning", {
        examples: ["cf-devices certificates disable --zone-id ZONE_ID --yes"],
      }),
      summary: "Stop WARP clients from provisioning device certificates in a zone",
      destructive: true,
      plan: () => [{ operationId: "updateCertificateProvisioning", body: { enabled: false } }],
    },
  ],
});
