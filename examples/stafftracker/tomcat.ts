// A container-provider constructor: it builds a whole Disnix service, a
// Tomcat instance that offers a tomcat-webapplication container.
import { defineConstructor, pkgs, stateDir, z, type ServiceRecord } from "@typenix/dsl";

export default defineConstructor({
  name: "simpleAppservingTomcat",
  params: z.object({
    instanceSuffix: z.string().default(""),
    httpPort: z.number().int().min(1).max(65535).default(8080),
    serverPort: z.number().int().min(1).max(65535).default(8005),
    commonLibs: z.array(z.string()).default([]),
    type: z.string(),
  }),
  build: ({ instanceSuffix, httpPort, serverPort, commonLibs, type }): ServiceRecord => {
    const catalinaBaseDir = `${stateDir}/tomcat${instanceSuffix}`;
    return {
      name: `simpleAppservingTomcat${instanceSuffix}`,
      httpPort,
      serverPort,
      catalinaBaseDir,
      commonLibs,
      pkg: pkgs.tomcat,
      type,
      providesContainers: {
        [`tomcat-webapplication${instanceSuffix}`]: { tomcatPort: httpPort, catalinaBaseDir },
      },
    };
  },
});
