x@y: 1
