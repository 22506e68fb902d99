# The application services on their own, for machines that already run
# the containers they need.
{ pkgs, system, distribution, invDistribution }:

let
  customPkgs = import ../stafftracker/top-level/all-packages.nix {
    inherit system pkgs;
  };
in
rec {
  HelloService = {
    name = "HelloService";
    pkg = customPkgs.HelloService;
    dependsOn = {};
    type = "axis2-webservice";
  };

  HelloWorldService = {
    name = "HelloWorldService";
    pkg = customPkgs.HelloWorldService;
    dependsOn = {
      inherit HelloService;
    };
    type = "axis2-webservice";
  };
}
