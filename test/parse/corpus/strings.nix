let
  x = "x";
in
[
  "plain" "" "with \"quotes\" and \\ backslash" "tab\there\nnewline\rreturn"
  "interp ${x} and ${"nested ${x} string"}"
  "interp ${x} and ${"nested ${x} ${"deeper ${x}"} string"}"
  "escaped \${x} and $${x} and $$ and $" "escaped \${x}, literal $${x}, dollars $$ and $"
  "dollar at end $" "a${x}b${x}c" "${x}" "{ } and \{"
  "multi
  line"
  ''
    indented
      more ${x}
    escapes: ''' ''$ ''${x} ''\n ''\t ''\\ ''\x $${x} $ '
  ''
  ''single line''
  ''  spaces before
  and after''
  ''
  ''
  ''${x}''
  ''${ { a = "}"; }.a }''
  "${ { a = "}"; b = { c = "{"; }; }.b.c }"
]
