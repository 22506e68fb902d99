/**
 * Tests of file permissions. Permissions do not stop root: a test of
 * them, run as root, runs the command as the unprivileged user `nobody`,
 * on folders it may read. That needs a checkout `nobody` may read too; in
 * one it may not (a clone in a private folder), root cannot test
 * permissions, and the tests say so in their names.
 */
import { spawnSync } from "node:child_process";
import { ROOT } from "./typenix-cli.js";

/** The user `nobody`. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** Whether the tests run as root. */
export const asRoot = process.getuid?.() === 0;

/** Options for `typenix()` that run the command as a user permissions stop. */
export const unprivileged = asRoot ? { user: NOBODY } : {};

/** Whether permission tests can run here (see the module's comment). */
export const permissionsTestable =
  !asRoot ||
  spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(ROOT)}, 5)`], {
    ...NOBODY,
    cwd: "/",
  }).status === 0;

/** What a permission test's name adds when it cannot run here. */
export const PERMISSIONS = permissionsTestable
  ? ""
  : " (not run: as root, in a checkout the user nobody may not read)";
