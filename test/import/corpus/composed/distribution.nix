{infrastructure}:

let
  applicationServicesDistribution = import ./distribution-simple.nix {
    inherit infrastructure;
  };
in
{
  simpleAppservingTomcat = [ infrastructure.test2 ];
  axis2 = [ infrastructure.test2 ];
} // applicationServicesDistribution
