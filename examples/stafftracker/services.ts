// StaffTracker with its middleware deployed as services: Tomcat and MySQL
// provide the containers the web services and databases are deployed into.
import { nix, pkgs, service, services, stateDir, system } from "@typenix/dsl";
import constructors from "./constructors.js";

const customPkgs = nix.local(
  "customPkgs",
  nix.import("./packages.nix", { system, pkgs, stateDir }),
);

// Long form: the containers this service provides, with their properties.
const simpleAppservingTomcat = service({
  pkg: pkgs.tomcat,
  httpPort: 8080,
  catalinaBaseDir: "/var/tomcat/webapps",
  type: "systemd-unit",
  providesContainers: {
    "tomcat-webapplication": {
      httpPort: 8080,
      catalinaBaseDir: "/var/tomcat/webapps",
      commonLibs: [`${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar`],
    },
  },
});

// Short form: every non-reserved attribute becomes a container property.
const mysql = service({
  pkg: pkgs.mysql,
  mysqlPort: 3306,
  mysqlUsername: "root",
  type: "systemd-unit",
  providesContainer: "mysql-database",
});

// A constructor that builds the whole container-provider service.
const tomcatForTests = service(
  constructors.simpleAppservingTomcat({
    instanceSuffix: "-test",
    httpPort: 9080,
    commonLibs: [`${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar`],
    type: "systemd-unit",
  }),
);

const staff = service({ pkg: customPkgs.staff, type: "mysql-database" });

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
  simpleAppservingTomcat,
  mysql,
  "simpleAppservingTomcat-test": tomcatForTests,
  staff,
  GeolocationService,
  StaffService,
});
