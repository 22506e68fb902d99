// The webapp and its reverse proxy as Disnix services. The Dysnomia type
// follows the processManager parameter (sysvinit by default).
import { processManager, processType, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";

const webapp = service({
  port: 5000,
  dnsName: "webapp.local",
  pkg: constructors.webapp({ port: 5000 }),
  type: processType(processManager),
});

const nginxReverseProxy = service({
  port: 8080,
  pkg: constructors.nginxReverseProxyHostBased({ port: 8080 }),
  dependsOn: { webapp },
  type: processType(processManager),
});

export default services(
  { webapp, nginxReverseProxy },
  { parameters: { processManager: "sysvinit" } },
);
