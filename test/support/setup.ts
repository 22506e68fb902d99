/** Runs in each test file: what the tests leave on the machine goes when the file is done. */
import { afterAll } from "vitest";
import { removeTempDirs } from "./typenix-cli.js";

afterAll(removeTempDirs);
