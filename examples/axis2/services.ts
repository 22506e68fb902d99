// A shared Axis2 container: Axis2 is a web application deployed into
// Tomcat, and itself provides the axis2-webservice container that the web
// services are deployed into.
import { nix, pkgs, service, services, stateDir, system } from "@typenix/dsl";
import constructors from "./constructors.js";

const customPkgs = nix.local(
  "customPkgs",
  nix.import("../stafftracker/packages.nix", { system, pkgs, stateDir }),
);

const simpleAppservingTomcat = service(
  constructors.simpleAppservingTomcat({
    httpPort: 8080,
    commonLibs: [`${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar`],
    type: "systemd-unit",
  }),
);

const axis2 = service({
  pkg: customPkgs.axis2,
  type: "tomcat-webapplication",
  providesContainer: "axis2-webservice",
});

const HelloService = service({ pkg: customPkgs.HelloService, type: "axis2-webservice" });

const HelloWorldService = service({
  pkg: customPkgs.HelloWorldService,
  dependsOn: { HelloService },
  type: "axis2-webservice",
});

export default services({ simpleAppservingTomcat, axis2, HelloService, HelloWorldService });
