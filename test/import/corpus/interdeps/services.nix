# Inter-dependencies in every form: dependsOn (ordering and arguments),
# connectsTo (arguments only, cycles allowed), activatesAfter (ordering only),
# and properties computed from where services are distributed.
{ pkgs, system, distribution, invDistribution }:

let
  customPkgs = import ../stafftracker/top-level/all-packages.nix {
    inherit system pkgs;
  };

  hostnames = service: map (target: target.properties.hostname) service.targets;
in
rec {
  rooms = {
    name = "rooms";
    pkg = customPkgs.rooms;
    type = "mysql-database";
    deployState = true;
  };

  RoomService = {
    name = "RoomService";
    pkg = customPkgs.RoomService;
    dependsOn = {
      inherit rooms;
    };
    type = "tomcat-webapplication";
    # Where the databases end up decides what the web service is told.
    databaseHosts = hostnames invDistribution.rooms;
  };

  GeolocationService = {
    name = "GeolocationService";
    pkg = customPkgs.GeolocationService;
    connectsTo = {
      inherit RoomService;
    };
    activatesAfter = {
      inherit rooms;
    };
    type = "tomcat-webapplication";
  };

  staffTrackerConfig = {
    name = "staffTrackerConfig";
    pkg = pkgs.writeTextFile {
      name = "stafftracker.conf";
      text = ''
        # Configuration generated at deployment time
        rooms=${builtins.concatStringsSep "," (hostnames invDistribution.rooms)}
        escaped=''${notInterpolated} and '''quoted'''
      '';
    };
    type = "package";
  };
}
