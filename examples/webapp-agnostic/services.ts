// Target-agnostic deployment: with processManager = null the constructors
// produce JSON specs, and Dysnomia's managed-process module turns them into
// whatever process manager each target runs.
import { processType, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";

const webapp = service({
  port: 5000,
  dnsName: "webapp.local",
  pkg: constructors.webapp({ port: 5000 }),
  type: processType(null),
});

const nginxReverseProxy = service({
  port: 8080,
  pkg: constructors.nginxReverseProxyHostBased({ port: 8080 }),
  dependsOn: { webapp },
  type: processType(null),
});

export default services({ webapp, nginxReverseProxy }, { parameters: { processManager: null } });
