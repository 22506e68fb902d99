// Each target names the process manager its managed-process container uses.
import { infrastructure, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({
    properties: { hostname: "test1" },
    containers: { "managed-process": { processManager: "sysvinit" } },
  }),
  test2: target({
    properties: { hostname: "test2" },
    containers: { "managed-process": { processManager: "systemd" } },
  }),
});
