import { constructors } from "@typenix/dsl";
import nginxReverseProxyHostBased from "../webapp-processes/nginx-reverse-proxy.js";
import webapp from "../webapp-processes/webapp.js";
import supervisord from "./supervisord.js";

export default constructors({ webapp, nginxReverseProxyHostBased, supervisord });
