# Stand-ins for the StaffTracker packages: each is a derivation, or a function
# of its inter-dependencies returning one.
{ system, pkgs, stateDir ? "/var" }:

let
  package = name: derivation {
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" "echo ${name} > $out" ];
  };
in
rec {
  staff = package "staff";
  rooms = package "rooms";
  zipcodes = package "zipcodes";
  GeolocationService = package "GeolocationService";
  RoomService = {rooms}: package "RoomService-${rooms.target.properties.hostname}";
  StaffService = {staff}: package "StaffService";
  ZipcodeService = {zipcodes}: package "ZipcodeService";
  StaffTracker = {GeolocationService, RoomService, StaffService, ZipcodeService}: package "StaffTracker";
  axis2 = package "axis2";
  axis2Service = {}: {
    name = "axis2";
    pkg = package "axis2";
    type = "tomcat-webapplication";
    providesContainer = "axis2-webservice";
  };
  HelloService = package "HelloService";
  HelloWorldService = {HelloService}: package "HelloWorldService";
}
