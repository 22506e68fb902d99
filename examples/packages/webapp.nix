# A stand-in for a locally built package: a derivation with a /bin/sh builder.
derivation {
  name = "webapp";
  system = builtins.currentSystem;
  builder = "/bin/sh";
  args = [ "-c" "echo webapp > $out" ];
}
