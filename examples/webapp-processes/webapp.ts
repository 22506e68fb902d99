// A web application process: runs in the foreground or as a daemon,
// whichever the process manager prefers.
import { createManagedProcess, defineConstructor, nix, tmpDir, z } from "@typenix/dsl";

const webappPackage = nix.import("../packages/webapp.nix");

export default defineConstructor({
  name: "webapp",
  params: z.object({
    port: z.number().int().min(1).max(65535),
    instanceSuffix: z.string().default(""),
    instanceName: z.string().optional(),
  }),
  defaults: { instanceName: ({ instanceSuffix }) => `webapp${instanceSuffix}` },
  build: ({ port, instanceName }) =>
    createManagedProcess({
      description: "Simple web application",
      instanceName,
      process: `${webappPackage}/bin/webapp`,
      daemonArgs: ["-D"],
      environment: {
        PORT: port,
        PID_FILE: `${tmpDir}/${instanceName}.pid`,
      },
      user: instanceName,
      credentials: {
        groups: { [`${instanceName}`]: {} },
        users: { [`${instanceName}`]: { group: instanceName, description: "Webapp" } },
      },
      overrides: { sysvinit: { runlevels: [3, 4, 5] } },
    }),
});
