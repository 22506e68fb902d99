# Container-provider constructors: each returns a whole Disnix service record.
{ pkgs, stateDir, runtimeDir, processManager }:

{
  simpleAppservingTomcat =
    { instanceSuffix ? ""
    , httpPort ? 8080
    , serverPort ? 8005
    , commonLibs ? []
    , type
    }:

    rec {
      name = "simpleAppservingTomcat${instanceSuffix}";
      inherit httpPort serverPort type;
      catalinaBaseDir = "${stateDir}/tomcat${instanceSuffix}";
      pkg = derivation {
        inherit name;
        system = builtins.currentSystem;
        builder = "/bin/sh";
        args = [ "-c" "echo ${toString httpPort} ${builtins.concatStringsSep ":" commonLibs} > $out" ];
      };
      providesContainers = {
        "tomcat-webapplication${instanceSuffix}" = {
          tomcatPort = httpPort;
          inherit catalinaBaseDir;
        };
      };
    };

  mysql =
    { instanceSuffix ? ""
    , port ? 3306
    , type
    }:

    {
      name = "mysql${instanceSuffix}";
      mysqlPort = port;
      mysqlSocket = "${runtimeDir}/mysqld${instanceSuffix}/mysqld.sock";
      pkg = pkgs.mysql;
      inherit type;
      providesContainer = "mysql-database${instanceSuffix}";
    };
}
