// Two MySQL and two Tomcat instances on the same machines: each instance
// provides its own container (mysql-database-primary, ...-secondary).
import { nix, pkgs, service, services, stateDir, system } from "@typenix/dsl";
import constructors from "./constructors.js";

const customPkgs = nix.local(
  "customPkgs",
  nix.import("../stafftracker/packages.nix", { system, pkgs, stateDir }),
);
const mysqlJdbc = `${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar`;

const tomcat = (instanceSuffix: string, httpPort: number, serverPort: number) =>
  service(
    constructors.simpleAppservingTomcat({
      instanceSuffix,
      httpPort,
      serverPort,
      commonLibs: [mysqlJdbc],
      type: "systemd-unit",
    }),
  );

const mysql = (instanceSuffix: string, port: number) =>
  service(constructors.mysql({ instanceSuffix, port, type: "systemd-unit" }));

const staff = service({ pkg: customPkgs.staff, type: "mysql-database" });
const zipcodes = service({ pkg: customPkgs.zipcodes, type: "mysql-database" });
const GeolocationService = service({
  pkg: customPkgs.GeolocationService,
  type: "tomcat-webapplication",
});
const StaffService = service({
  pkg: customPkgs.StaffService,
  dependsOn: { staff },
  type: "tomcat-webapplication",
});

export default services({
  "simpleAppservingTomcat-primary": tomcat("-primary", 8080, 8005),
  "simpleAppservingTomcat-secondary": tomcat("-secondary", 8081, 8006),
  "mysql-primary": mysql("-primary", 3306),
  "mysql-secondary": mysql("-secondary", 3307),
  staff,
  zipcodes,
  GeolocationService,
  StaffService,
});
