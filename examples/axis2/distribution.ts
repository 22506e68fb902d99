import { distribution } from "@typenix/dsl";
import infrastructure from "./infrastructure.js";
import services from "./services.js";

export default distribution(services, infrastructure, (t) => ({
  simpleAppservingTomcat: [t.test2],
  axis2: [t.test2],
  HelloService: [t.test2],
  HelloWorldService: [t.test2],
}));
