import { infrastructure, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({ properties: { hostname: "test1" } }),
  test2: target({ properties: { hostname: "test2" } }),
});
