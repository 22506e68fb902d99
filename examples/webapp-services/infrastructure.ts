// Two machines: one runs sysvinit scripts, the other systemd units.
import { infrastructure, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({ properties: { hostname: "test1" }, system: "x86_64-linux" }),
  test2: target({ properties: { hostname: "test2" }, numOfCores: 2, system: "x86_64-linux" }),
});
