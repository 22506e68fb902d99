// Two web application instances behind one nginx reverse proxy.
import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";

const webapp1 = processInstance({
  port: 5000,
  dnsName: "webapp1.local",
  pkg: constructors.webapp({ port: 5000, instanceSuffix: "1" }),
});

const webapp2 = processInstance({
  port: 5001,
  dnsName: "webapp2.local",
  pkg: constructors.webapp({ port: 5001, instanceSuffix: "2" }),
});

const nginx = processInstance({
  port: 8080,
  pkg: constructors.nginxReverseProxyHostBased({ webapps: [webapp1, webapp2], port: 8080 }, {}),
});

export default processes({ webapp1, webapp2, nginx }, { constructors });
