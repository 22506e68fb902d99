// Nginx as a reverse proxy in front of web application instances, choosing
// the upstream by the Host header.
import {
  createManagedProcess,
  defineConstructor,
  nix,
  nixData,
  pkgs,
  runtimeDir,
  stateDir,
  z,
} from "@typenix/dsl";

export default defineConstructor({
  name: "nginxReverseProxyHostBased",
  params: z.object({
    webapps: z.array(nixData()).default([]),
    port: z.number().int().min(1).max(65535).default(80),
    instanceSuffix: z.string().default(""),
  }),
  interDependencies: true,
  build: ({ webapps, port, instanceSuffix }) => {
    const instanceName = `nginx${instanceSuffix}`;
    const nginxLogDir = `${stateDir}/${instanceName}/logs`;
    return createManagedProcess({
      name: instanceName,
      description: "Nginx",
      initialize: `mkdir -p ${nginxLogDir}\n`,
      process: `${pkgs.nginx}/bin/nginx`,
      args: ["-p", `${stateDir}/${instanceName}`, "-c", `${stateDir}/${instanceName}/nginx.conf`],
      foregroundProcessExtraArgs: ["-g", "daemon off;"],
      // Started after the web applications, as process managers read it.
      dependencies: nix.map(
        nix.lambda("webapp", (w) => w.pkg),
        webapps,
      ),
      daemonExtraArgs: ["-g", `pid ${runtimeDir}/${instanceName}.pid;`],
      environment: {
        UPSTREAMS: nix.concatStringsSep(
          " ",
          nix.map(
            nix.lambda("webapp", (w) => `${w.dnsName}:${nix.toString(w.port)}`),
            webapps,
          ),
        ),
        LISTEN_PORT: port,
      },
      instanceName,
      overrides: { sysvinit: { runlevels: [3, 4, 5] } },
    });
  },
});
