# Numbers, names, paths and URIs.
[
  0 42 9223372036854775807 1.5 .5 1. 1e3 1.5e-3 0.25E+2
  a a-b a' _x x_1 true false null
  ./a ../a/b /etc/x ~/x a/b ./a.b/c-d_e+f
  <nixpkgs> <nixpkgs/lib>
  https://example.org/x.tar.gz?a=b&c=d mailto:x@example.org
]
