// The constructors of this deployment, as nix-processmgmt's constructors.nix.
import { constructors } from "@typenix/dsl";
import nginxReverseProxyHostBased from "./nginx-reverse-proxy.js";
import webapp from "./webapp.js";

export default constructors({ webapp, nginxReverseProxyHostBased });
