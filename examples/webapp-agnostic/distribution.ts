import { distribution } from "@typenix/dsl";
import infrastructure from "./infrastructure.js";
import services from "./services.js";

export default distribution(services, infrastructure, (t) => ({
  webapp: [t.test1],
  nginxReverseProxy: [t.test2],
}));
