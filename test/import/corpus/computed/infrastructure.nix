{
  test1 = { properties.hostname = "test1"; };
  test2 = { properties.hostname = "test2"; };
  client = { properties.hostname = "client"; };
}
