/**
 * A constructor call given as what a service or a process instance runs
 * (its `pkg`): it must make a managed process. A container provider's
 * constructor makes a whole Disnix service record, which the types refuse
 * there too; Nix would take the record for a package (Disnix fails on its
 * missing `outPath`, nix-processmgmt finds no process to manage).
 */
import { isConstructorCall } from "@typenix/dsl/core";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorAt, type Located } from "../lower/context.js";
import { makesServiceRecord } from "./evaluated-call.js";

/** Who holds the pkg: a service or a process instance, and its key. */
export interface PkgHolder {
  readonly kind: "service" | "process instance";
  readonly key: string;
  /**
   * The holder as its builder made it: where it was declared, for a call
   * whose own site is unknown (read only then: finding a call site costs).
   */
  readonly declared: Located;
}

/** TN5054 at the call, when `pkg` is a call of a constructor that makes a service record. */
export function recordCallAsPkg(holder: PkgHolder, pkg: unknown): Diagnostic | undefined {
  if (!isConstructorCall(pkg) || !makesServiceRecord(pkg)) return undefined;
  const call = `${pkg.key}({ ... })`;
  const service = holder.kind === "service";
  return errorAt(
    pkg.site ?? holder.declared.site,
    "TN5054",
    `the pkg of ${holder.kind} '${holder.key}' is a call of constructor '${pkg.key}', which makes a Disnix service record, not ${service ? "a package to deploy" : "a managed process"}`,
    service
      ? `the call makes the whole service: give it as the service, service(${call}); a pkg is a package or a call of a constructor whose build returns createManagedProcess(...)`
      : `a processes model runs managed processes: make pkg a call of a constructor whose build returns createManagedProcess(...); a service record belongs in a services model, service(${call})`,
  );
}
