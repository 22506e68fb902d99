/**
 * bench/synth: generates deployments of 100, 1,000 and 10,000 services over
 * 100 targets with the DSL, synthesizes them, and prints milliseconds per
 * service, the growth factor between sizes, and the ratio of synth time to
 * the time `nix-instantiate --eval --strict` takes to read the produced
 * services model. Prints figures; asserts nothing.
 *
 * Usage: pnpm --filter @typenix/bench exec tsx synth.ts
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  distribution,
  infrastructure,
  pkgs,
  service,
  services,
  target,
  type Service,
  type TargetRef,
} from "@typenix/dsl";
import { synthesize } from "@typenix/compiler";

const STAND_IN_NIXPKGS = fileURLToPath(new URL("../test/stand-ins/nixpkgs", import.meta.url));
const TARGETS = 100;

function deployment(count: number): { file: string; value: unknown }[] {
  const infra = infrastructure(
    Object.fromEntries(
      Array.from({ length: TARGETS }, (_, t) => [
        `test${t}`,
        target({ properties: { hostname: `test${t}` } }),
      ]),
    ),
  );
  const all: Record<string, Service> = {};
  for (let i = 0; i < count; i++) {
    const dependsOn = i > 0 ? { [`svc${i - 1}`]: all[`svc${i - 1}`] as Service } : {};
    all[`svc${i}`] = service({
      pkg: pkgs.hello,
      port: 10_000 + i,
      type: "process",
      dependsOn,
      description: `service ${i} with \${text}`,
    });
  }
  const svcs = services(all);
  const dist = distribution(svcs, infra, (t) =>
    Object.fromEntries(
      Object.keys(all).map((name, i) => [name, [t[`test${i % TARGETS}`] as TargetRef]]),
    ),
  );
  return [
    { file: "/bench/services.ts", value: svcs },
    { file: "/bench/infrastructure.ts", value: infra },
    { file: "/bench/distribution.ts", value: dist },
  ];
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

let previous: number | undefined;
for (const count of [100, 1_000, 10_000]) {
  const specs = deployment(count);
  const [result, synthMs] = timed(() => synthesize(specs, { outDir: "/bench/out" }));
  const dir = mkdtempSync(join(tmpdir(), "typenix-bench-"));
  for (const file of result.files) writeFileSync(join(dir, file.path), file.content);
  const evalFile = join(dir, "eval.nix");
  writeFileSync(
    evalFile,
    `builtins.mapAttrs (n: s: s // { dependsOn = builtins.attrNames s.dependsOn; }) (import ./services.nix { system = builtins.currentSystem; pkgs = import <nixpkgs> { }; distribution = { }; invDistribution = { }; })\n`,
  );
  const [, nixMs] = timed(() =>
    spawnSync(
      "nix-instantiate",
      ["--eval", "--strict", "-I", `nixpkgs=${STAND_IN_NIXPKGS}`, evalFile],
      { maxBuffer: 1 << 30 },
    ),
  );
  const perService = synthMs / count;
  const growth =
    previous === undefined ? "" : `, growth ${(perService / previous).toFixed(2)}x per service`;
  previous = perService;
  console.log(
    `${String(count).padStart(6)} services: synth ${synthMs.toFixed(0)} ms (${perService.toFixed(3)} ms/service${growth}); ` +
      `nix-instantiate --eval --strict ${nixMs.toFixed(0)} ms; ratio synth/nix ${(synthMs / nixMs).toFixed(2)}; ` +
      `${result.diagnostics.length} diagnostics`,
  );
}
