import { distribution } from "@typenix/dsl";
import infrastructure from "./infrastructure.js";
import services from "./services.js";

export default distribution(services, infrastructure, (t) => ({
  simpleAppservingTomcat: [t.test1],
  mysql: [t.test2],
  "simpleAppservingTomcat-test": [t.test2],
  staff: [t.test2],
  GeolocationService: [t.test1],
  StaffService: [t.test1],
}));
