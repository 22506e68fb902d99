# Numbers, names, paths, search paths and URIs.
[
  0 42 007 9223372036854775807
  1.5 .5 1. 1.5e-3 0.25E+2 10.0e10 0.0e-400 00.5
  # No dot, no float: the integer 1 applied to the name e3.
  (1e3)
  # In a list, two items: the integer 1 and the name e3.
  1e3
  a a-b a' a'' _x x_1 true false null iff in' rec-x __curPos
  ./a ../a/b /etc/x ~/x a/b ./a.b/c-d_e+f 1/2 ./. ../..
  <nixpkgs> <nixpkgs/lib> <a.b/c-d>
  https://example.org/x.tar.gz?a=b&c=d mailto:x@example.org x:x a+b:c/$d
]
