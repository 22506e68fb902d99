{ pkgs, system, distribution, invDistribution
, stateDir ? "/var"
, runtimeDir ? "${stateDir}/run"
, logDir ? "${stateDir}/log"
, cacheDir ? "${stateDir}/cache"
, tmpDir ? (if stateDir == "/var" then "/tmp" else "${stateDir}/tmp")
, forceDisableUserChange ? false
, processManager ? "systemd"
}:

let
  constructors = import ../stafftracker/containers/constructors.nix {
    inherit pkgs stateDir runtimeDir processManager;
  };

  customPkgs = import ../stafftracker/top-level/all-packages.nix {
    inherit system pkgs;
  };
in
rec {
  simpleAppservingTomcat-primary = constructors.simpleAppservingTomcat {
    instanceSuffix = "-primary";
    httpPort = 8080;
    serverPort = 8005;
    commonLibs = [ "${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar" ];
    type = "systemd-unit";
  };

  simpleAppservingTomcat-secondary = constructors.simpleAppservingTomcat {
    instanceSuffix = "-secondary";
    httpPort = 8081;
    serverPort = 8006;
    commonLibs = [ "${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar" ];
    type = "systemd-unit";
  };

  mysql-primary = constructors.mysql {
    instanceSuffix = "-primary";
    port = 3306;
    type = "systemd-unit";
  };

  mysql-secondary = constructors.mysql {
    instanceSuffix = "-secondary";
    port = 3307;
    type = "systemd-unit";
  };

  staff = {
    name = "staff";
    pkg = customPkgs.staff;
    dependsOn = {};
    type = "mysql-database";
  };

  zipcodes = {
    name = "zipcodes";
    pkg = customPkgs.zipcodes;
    dependsOn = {};
    type = "mysql-database";
  };

  GeolocationService = {
    name = "GeolocationService";
    pkg = customPkgs.GeolocationService;
    dependsOn = {};
    type = "tomcat-webapplication";
  };

  StaffService = {
    name = "StaffService";
    pkg = customPkgs.StaffService;
    dependsOn = {
      inherit staff;
    };
    type = "tomcat-webapplication";
  };
}
