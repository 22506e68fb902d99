import { distribution } from "@typenix/dsl";
import infrastructure from "./infrastructure.js";
import services from "./services.js";

export default distribution(services, infrastructure, (t) => ({
  supervisord: [t.test1],
  webapp: [t.test1],
  nginx: [t.test1],
}));
