# A stand-in for Nixpkgs that upstream Disnix and nix-processmgmt code can
# evaluate against: the library is the real Nixpkgs library (found on the
# search path as <nixpkgs-lib>), every package is a tiny derivation built by
# /bin/sh, and stdenv.mkDerivation runs `buildCommand` with the host's tools.
# Deployment models evaluated with it give the same derivations for the same
# expressions, which is all a comparison of two models needs.
{ system ? builtins.currentSystem, ... }:

let
  lib = import <nixpkgs-lib>;
  package = name:
    derivation {
      inherit name system;
      builder = "/bin/sh";
      args = [ "-c" "echo ${name} > $out" ];
    }
    // {
      override = _: package name;
      webapps = package "${name}-webapps";
    };
  mkDerivation = { name, buildCommand ? "", ... }@attrs:
    derivation (
      builtins.removeAttrs attrs [ "buildCommand" "buildInputs" "nativeBuildInputs" "meta" "passthru" ]
      // {
        inherit system buildCommand;
        builder = "/bin/sh";
        args = [ "-c" "export PATH=/usr/bin:/bin; eval \"$buildCommand\"" ];
      }
    );
  names = [
    "ant" "apacheAnt" "apacheHttpd" "autoconf" "automake" "axis2" "bash" "coreutils" "curl"
    "daemon" "disnix" "dysnomia" "ejabberd" "execline" "findutils" "gawk" "gcc" "geoipjava"
    "getent" "getopt" "glib" "gnugrep" "gnumake" "gnused" "hello" "inetutils" "inotify-tools"
    "jdk" "jdk8" "jre" "jre8" "libtool" "libxml2" "libxslt" "mariadb" "mysql" "mysql_jdbc"
    "nginx" "nix" "nodejs" "openjdk" "openssl" "perl" "pkg-config" "pkgconfig" "postgresql"
    "procps" "python3" "runit" "s6" "s6-rc" "shadow" "socat" "su" "supervisor" "systemd"
    "sysvinit" "tomcat" "tomcat9" "unzip" "util-linux" "xinetd" "zip"
  ];
in
lib.genAttrs names package
// {
  inherit lib;
  stdenv = {
    inherit mkDerivation system lib;
    shell = "/bin/sh";
    isDarwin = false;
    isLinux = true;
  };
  writeTextFile = { name, text, ... }:
    derivation {
      inherit name system text;
      builder = "/bin/sh";
      args = [ "-c" "printf %s \"$text\" > $out" ];
    };
  buildEnv = { name, paths, ... }:
    mkDerivation {
      inherit name paths;
      buildCommand = "mkdir -p $out";
    };
  python3Packages.supervisor = package "supervisor";
  fetchurl = { url, ... }: package (baseNameOf url);
}
