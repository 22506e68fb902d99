/** Checks of a processes model: every instance runs on one machine, so ports must differ. */
import type { ProcessesModel } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt } from "../lower/context.js";

/** Two instances claiming the same port. */
export function checkProcesses(model: ProcessesModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ports = new Map<number, string>();
  for (const [name, instance] of Object.entries(model.instances)) {
    const port = instance.spec.port;
    if (typeof port !== "number") continue;
    const other = ports.get(port);
    if (other) {
      diagnostics.push(
        errorAt(
          instance.site,
          "TN5007",
          `process instances '${name}' and '${other}' both claim port ${port}`,
          "give each instance its own port, or use requiresUniqueIdsFor and nixproc-id-assign",
        ),
      );
    } else ports.set(port, name);
  }
  return diagnostics;
}
