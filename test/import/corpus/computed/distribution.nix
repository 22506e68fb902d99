{infrastructure}:

let
  inherit (builtins) listToAttrs attrNames getAttr removeAttrs;
  productionTargets = removeAttrs infrastructure [ "client" ]; # No proxy for the test client
in
{
  webapp1 = [ infrastructure.test1 ];
  webapp2 = [ infrastructure.test2 ];
} //
listToAttrs (map (targetName: {
  name = "proxy-${targetName}";
  value = [ (getAttr targetName infrastructure) ];
}) (attrNames productionTargets))
