{infrastructure}:

{
  HelloService = [ infrastructure.test2 ];
  HelloWorldService = [ infrastructure.test2 ];
}
