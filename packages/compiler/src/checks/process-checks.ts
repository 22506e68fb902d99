/**
 * Checks of a processes model: every instance runs on one machine, so ports
 * must differ, and so must the names process managers know processes by;
 * and each runs a managed process.
 */
import { isNixValue, type ProcessesModel } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt } from "../lower/context.js";
import { processNameOf } from "./evaluated-call.js";
import { recordCallAsPkg } from "./pkg-calls.js";
import { portNumber } from "./service-view.js";
import { sameNameHint } from "../specs/spec-directories.js";

/**
 * Two instances claiming the same port, or whose processes have the same
 * name; an instance whose pkg makes a service record.
 */
export function checkProcesses(model: ProcessesModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ports = new Map<number, string>();
  const names = new Map<string, string>();
  for (const [name, instance] of Object.entries(model.instances)) {
    // Only Nix knows the properties of an instance it computes.
    if (isNixValue(instance.spec)) continue;
    const recordCall = recordCallAsPkg(
      { kind: "process instance", key: name, declared: instance },
      instance.spec.pkg,
    );
    if (recordCall) diagnostics.push(recordCall);
    const port = portNumber(instance.spec.port);
    const other = port === undefined ? undefined : ports.get(port);
    if (other) {
      diagnostics.push(
        errorAt(
          instance.site,
          "TN5007",
          `process instances '${name}' and '${other}' both claim port ${port}`,
          "give each instance its own port, or use requiresUniqueIdsFor and nixproc-id-assign",
        ),
      );
    } else if (port !== undefined) ports.set(port, name);
    const processName = processNameOf(instance.spec.pkg);
    if (processName === undefined) continue;
    const named = names.get(processName);
    if (named) {
      diagnostics.push(
        errorAt(
          instance.site,
          "TN5012",
          `process instances '${name}' and '${named}' are both named '${processName}'`,
          sameNameHint(processName),
        ),
      );
    } else names.set(processName, name);
  }
  return diagnostics;
}
