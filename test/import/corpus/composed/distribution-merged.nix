{infrastructure}:

import ./distribution.nix { inherit infrastructure; }
