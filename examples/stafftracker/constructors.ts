import { constructors } from "@typenix/dsl";
import mysql from "./mysql.js";
import simpleAppservingTomcat from "./tomcat.js";

export default constructors({ simpleAppservingTomcat, mysql });
