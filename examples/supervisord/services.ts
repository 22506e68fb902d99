// supervisord deployed as a container provider: it runs as a systemd unit
// and provides the supervisord-program container. The webapp and nginx are
// built for supervisord (constructors.forProcessManager) and deployed into it.
import { processManager, processType, service, services, stateDir } from "@typenix/dsl";
import constructors from "./constructors.js";

const supervised = constructors.forProcessManager("supervisord");

const supervisord = service({
  pkg: constructors.supervisord({}),
  type: processType(processManager),
  providesContainers: {
    "supervisord-program": { supervisordTargetDir: `${stateDir}/lib/supervisord/conf.d` },
  },
});

const webapp = service({
  port: 5000,
  dnsName: "webapp.local",
  pkg: supervised.webapp({ port: 5000 }),
  type: "supervisord-program",
});

const nginx = service({
  port: 8080,
  pkg: supervised.nginxReverseProxyHostBased({ port: 8080 }),
  dependsOn: { webapp },
  type: "supervisord-program",
});

export default services(
  { supervisord, webapp, nginx },
  { parameters: { processManager: "systemd" } },
);
