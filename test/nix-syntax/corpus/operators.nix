a: b: c: [
  (a + b * c - -a / b)
  (a ++ b ++ c)
  (a // b // c)
  (!a || b && c -> a)
  (a == b) (a != b) (a < b) (a <= b) (a > b) (a >= b)
  (a ? b) (a ? b.c) (a ? "b")
  (a.b.c or a)
  (-(-1)) (!(!a))
  (if a then b else if b then c else a)
  (with a; b)
  (assert a; b)
  (a.${b}) (a."b c")
]
