let
  x = "x";
in
[
  "plain" "" "with \"quotes\" and \\ backslash" "tab\there\nnewline\rreturn"
  "interp ${x} and ${"nested ${x} string"}" "escaped \${x} and $${x} and $$ and $"
  "dollar at end $" "a${x}b${x}c"
  ''
    indented
      more ${x}
    escapes: ''' ''$ ''${x} ''\n ''\t ''\\ $${x}
  ''
  ''single line''
  ''  spaces before
  and after''
  ''
  ''
  ./a/${x}/c
  ~/${x}
]
