// The verbose form names the container on the target: with two MySQL
// servers on test1, each database says which one it goes into.
import { distribution } from "@typenix/dsl";
import infrastructure from "./infrastructure.js";
import services from "./services.js";

export default distribution(services, infrastructure, (t) => ({
  "mysql-primary": [t.test1],
  "mysql-secondary": [t.test1],
  "simpleAppservingTomcat-primary": [t.test2],
  "simpleAppservingTomcat-secondary": [t.test2],
  GeolocationService: {
    targets: [{ target: t.test2, container: "tomcat-webapplication-primary" }],
  },
  StaffService: { targets: [{ target: t.test2, container: "tomcat-webapplication-secondary" }] },
  staff: { targets: [{ target: t.test1, container: "mysql-database-secondary" }] },
  zipcodes: { targets: [{ target: t.test1, container: "mysql-database-primary" }] },
}));
