import { infrastructure, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({ properties: { hostname: "test1" } }),
});
