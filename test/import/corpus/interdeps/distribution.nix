{infrastructure}:

{
  rooms = [ infrastructure.test1 ];
  RoomService = [ infrastructure.test1 ];
  GeolocationService = [ infrastructure.test1 ];
  staffTrackerConfig = [ infrastructure.test1 ];
}
