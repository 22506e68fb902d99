# A stand-in for Nixpkgs in tests: every package is a tiny derivation built
# by /bin/sh, so models evaluate (and build) without the real package set.
{ system ? builtins.currentSystem, ... }:

let
  package = name: derivation {
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" "echo ${name} > $out" ];
  };
  names = [ "nginx" "mysql" "mysql_jdbc" "tomcat" "axis2" "supervisor" "apacheHttpd" "postgresql" "hello" "stdenv" "nix" ];
  # writeTextFile { name; text; }: a derivation writing the text.
  writeTextFile = { name, text, ... }: derivation {
    inherit name system text;
    builder = "/bin/sh";
    args = [ "-c" "printf %s \"$text\" > $out" ];
  };
in
builtins.listToAttrs (map (name: { inherit name; value = package name; }) names)
// {
  inherit writeTextFile;
  # The part of Nixpkgs' lib that models merge their sets with, as
  # nix-processmgmt-services' container providers write `// lib.optionalAttrs
  # (type != null) { inherit type; }`.
  lib.optionalAttrs = cond: set: if cond then set else { };
}
