// supervisord as a process: deployed on the host's own process manager,
// it then runs the programs other services deploy into it.
import { createManagedProcess, defineConstructor, pkgs, stateDir, z } from "@typenix/dsl";

export default defineConstructor({
  name: "supervisord",
  params: z.object({
    instanceSuffix: z.string().default(""),
    port: z.number().int().min(1).max(65535).default(9001),
  }),
  build: ({ instanceSuffix, port }) => {
    const instanceName = `supervisord${instanceSuffix}`;
    const baseDir = `${stateDir}/lib/${instanceName}`;
    return createManagedProcess({
      name: instanceName,
      description: "Supervisord, as a container for other processes",
      initialize: `mkdir -p ${baseDir}/conf.d\n`,
      process: `${pkgs.supervisor}/bin/supervisord`,
      args: ["--configuration", `${baseDir}/supervisord.conf`],
      foregroundProcessExtraArgs: ["--nodaemon"],
      environment: { SUPERVISORD_PORT: port },
      instanceName,
      overrides: { sysvinit: { runlevels: [3, 4, 5] } },
    });
  },
});
