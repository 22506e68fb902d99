# A stand-in for Nixpkgs that upstream Disnix and nix-processmgmt code can
# evaluate against: the library is the real Nixpkgs library (found on the
# search path as <nixpkgs-lib>), every package is a tiny derivation built by
# /bin/sh, and stdenv.mkDerivation runs `buildCommand` with the host's tools.
# Deployment models evaluated with it give the same derivations for the same
# expressions, which is all a comparison of two models needs.
{ system ? builtins.currentSystem, ... }:

let
  lib = import <nixpkgs-lib>;
  # The attributes of a package that deployment code reads besides its
  # store path (tomcat.webapps, nodejs.src, php.phpIni), each a package of
  # its own.
  parts = [ "webapps" "src" "phpIni" ];
  package = name:
    derivation {
      inherit name system;
      builder = "/bin/sh";
      args = [ "-c" "echo ${name} > $out" ];
    }
    // lib.genAttrs parts (part: package "${name}-${part}")
    // {
      override = _: package name;
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
    "daemon" "dbus" "disnix" "dysnomia" "ejabberd" "execline" "fcron" "findutils" "gawk" "gcc"
    "geoipjava" "getent" "getopt" "glib" "glibc" "gnugrep" "gnumake" "gnused" "hello"
    "inetutils" "influxdb" "inotify-tools" "jdk" "jdk8" "jre" "jre8" "kmod" "libtool" "libxml2"
    "libxslt" "mariadb" "mongodb" "mysql" "mysql_jdbc" "nginx" "nix" "nodejs" "nodejs-12_x" "nodejs-14_x"
    "openjdk" "openssh" "openssl" "perl" "php" "pkg-config" "pkgconfig" "postgresql" "procps"
    "python2" "python3" "runit" "s6" "s6-rc" "shadow" "socat" "su" "subversion" "supervisor"
    "systemd" "sysvinit" "tomcat" "tomcat9" "unzip" "util-linux" "vsftpd" "xinetd" "zip"
  ];
in
lib.genAttrs names package
// rec {
  inherit lib;
  stdenv = {
    inherit mkDerivation system lib;
    shell = "/bin/sh";
    isDarwin = false;
    isLinux = true;
  };
  # The trivial builders, with the call shapes Nixpkgs gives them.
  writeTextFile = { name, text, executable ? false, ... }:
    derivation {
      inherit name system text;
      builder = "/bin/sh";
      args = [ "-c" "printf %s \"$text\" > $out${lib.optionalString executable " && chmod +x $out"}" ];
    };
  writeText = name: text: writeTextFile { inherit name text; };
  writeScript = name: text: writeTextFile { inherit name text; executable = true; };
  writeShellScript = name: text: writeScript name "#!/bin/sh\n${text}";
  runCommand = name: env: buildCommand: mkDerivation ({ inherit name buildCommand; } // env);
  buildEnv = { name, paths, ... }:
    mkDerivation {
      inherit name paths;
      buildCommand = "mkdir -p $out";
    };
  python3Packages.supervisor = package "supervisor";
  fetchurl = { url, ... }: package (baseNameOf url);
}
