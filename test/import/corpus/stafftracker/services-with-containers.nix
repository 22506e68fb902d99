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
  customPkgs = import ./top-level/all-packages.nix {
    inherit system pkgs stateDir;
  };

  constructors = import ./containers/constructors.nix {
    inherit pkgs stateDir runtimeDir processManager;
  };
in
rec {
  ### Container providers

  # Long form: the containers this service provides, with their properties.
  simpleAppservingTomcat = rec {
    name = "simpleAppservingTomcat";
    pkg = pkgs.tomcat;
    httpPort = 8080;
    catalinaBaseDir = "/var/tomcat/webapps";
    type = "systemd-unit";
    providesContainers = {
      tomcat-webapplication = {
        inherit httpPort catalinaBaseDir;
        commonLibs = [ "${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar" ];
      };
    };
  };

  # Short form: every non-reserved attribute becomes a container property.
  mysql = {
    name = "mysql";
    pkg = pkgs.mysql;
    mysqlPort = 3306;
    mysqlUsername = "root";
    type = "systemd-unit";
    providesContainer = "mysql-database";
  };

  # A constructor that builds the whole container-provider service.
  tomcatForTests = constructors.simpleAppservingTomcat {
    instanceSuffix = "-test";
    httpPort = 9080;
    commonLibs = [ "${pkgs.mysql_jdbc}/share/java/mysql-connector-java.jar" ];
    type = "systemd-unit";
  };

  ### Databases

  staff = {
    name = "staff";
    pkg = customPkgs.staff;
    dependsOn = {};
    type = "mysql-database";
  };

  ### Web services

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
