{infrastructure}:

{
  simpleAppservingTomcat = [ infrastructure.test1 ];
  mysql = [ infrastructure.test2 ];
  tomcatForTests = [ infrastructure.test2 ];
  staff = [ infrastructure.test2 ];
  GeolocationService = [ infrastructure.test1 ];
  StaffService = [ infrastructure.test1 ];
}
