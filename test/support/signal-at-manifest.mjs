/**
 * Loaded into a `typenix` process with `node --import`: the process sends
 * itself the signal named by TYPENIX_TEST_SIGNAL just before it renames a
 * manifest into place, the last step of a write, as a Ctrl-C or a service
 * manager stopping it might.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const signal = process.env.TYPENIX_TEST_SIGNAL;
const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  if (signal && String(to).endsWith("/typenix-manifest.json")) process.kill(process.pid, signal);
  rename(from, to);
};
// Modules that import renameSync by name see the replacement too.
syncBuiltinESMExports();
