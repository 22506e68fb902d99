// A MySQL server as a container provider, in the short form: every
// non-reserved property (mysqlPort, mysqlSocket) is a container property.
import { defineConstructor, pkgs, runtimeDir, z, type ServiceRecord } from "@typenix/dsl";

export default defineConstructor({
  name: "mysql",
  params: z.object({
    instanceSuffix: z.string().default(""),
    port: z.number().int().min(1).max(65535).default(3306),
    type: z.string(),
  }),
  build: ({ instanceSuffix, port, type }): ServiceRecord => ({
    name: `mysql${instanceSuffix}`,
    mysqlPort: port,
    mysqlSocket: `${runtimeDir}/mysqld${instanceSuffix}/mysqld.sock`,
    pkg: pkgs.mysql,
    type,
    providesContainer: `mysql-database${instanceSuffix}`,
  }),
});
