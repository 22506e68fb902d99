{infrastructure}:

# The targets named once, in let, as hand-written distributions often do.
let
  inherit (infrastructure) test1 test2;
  both = [ test1 test2 ];
  database = test2;
in
{
  simpleAppservingTomcat = [ test1 ];
  mysql = [ database ];
  tomcatForTests = both;
  staff = { targets = [ { target = test2; container = "mysql-database"; } ]; };
  GeolocationService = [ infrastructure.test1 ] ++ [ test2 ];
  StaffService = [ test1 ];
}
