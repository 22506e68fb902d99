// Bare machines: the Tomcat and MySQL containers come from services.
import { infrastructure, target } from "@typenix/dsl";

export default infrastructure({
  test1: target({ properties: { hostname: "test1" } }),
  test2: target({ properties: { hostname: "test2" } }),
});
