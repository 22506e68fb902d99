# Constructs with no typed builder: they stay raw Nix, and the summary
# lists their lines.
{ pkgs, system, distribution, invDistribution }:

let
  tools = with pkgs; [ hello nginx ];
in
rec {
  webapp = {
    name = "webapp";
    pkg = pkgs.hello;
    type = "process";
    # A recursive set as a property value.
    settings = rec { port = 5000; url = "http://localhost:${toString port}"; };
    hasNginx = pkgs ? nginx;
    implication = true -> false;
    checked = assert builtins.length tools == 2; "checked";
  };

  nginxReverseProxy = {
    name = "nginxReverseProxy";
    pkg = pkgs.nginx;
    activatesAfter = {
      inherit webapp;
    };
    type = "process";
    upstream = webapp.settings.url;
  };
}
