/**
 * Where a constructors model's `nixProcessmgmt` says nix-processmgmt is:
 * an absolute folder, a search path entry or a folder relative to the spec
 * file, with a final `/`, spaces or `${` in it. The generated models must
 * parse and read nix-processmgmt's files from that folder, the services
 * model's `processType` included (JSON specs are evaluated with no search
 * path entry for it): checked with the real Nix against a nix-processmgmt
 * whose files say where they were read from.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { nixEvalJson, requireNix } from "../support/real-nix.js";
import { ROOT, tempDir, typenix } from "../support/typenix-cli.js";

/** A nix-processmgmt in `folder` whose createManagedProcess and process types name the folder. */
function fakeNixProcessmgmt(folder: string): void {
  const universal = join(folder, "nixproc/create-managed-process/universal");
  mkdirSync(universal, { recursive: true });
  writeFileSync(
    join(universal, "create-managed-process-universal.nix"),
    "{ processManager, ... }: args: { from = toString ../../..; inherit processManager; }\n",
  );
  writeFileSync(
    join(folder, "nixproc/derive-dysnomia-process-type.nix"),
    '{ processManager }: "${processManager} from ${toString ../.}"\n',
  );
}

/** A deployment whose constructors model says `nixProcessmgmt` (left out when undefined). */
function deployment(dir: string, nixProcessmgmt: string | undefined): void {
  mkdirSync(dir, { recursive: true });
  const options =
    nixProcessmgmt === undefined ? "" : `, { nixProcessmgmt: ${JSON.stringify(nixProcessmgmt)} }`;
  writeFileSync(
    join(dir, "constructors.ts"),
    `import { constructors, createManagedProcess, defineConstructor, z } from "@typenix/dsl";
const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app" }),
});
export default constructors({ app }${options});
`,
  );
  writeFileSync(
    join(dir, "services.ts"),
    `import { processManager, processType, service, services } from "@typenix/dsl";
import constructors from "./constructors.js";
const web = service({ pkg: constructors.app({}), type: processType(processManager) });
export default services({ web }, { parameters: { processManager: "sysvinit" } });
`,
  );
  writeFileSync(
    join(dir, "processes.ts"),
    `import { processInstance, processes } from "@typenix/dsl";
import constructors from "./constructors.js";
export default processes({ one: processInstance({ pkg: constructors.app({}) }) }, { constructors });
`,
  );
}

/** What the generated services model's `web` service reads from nix-processmgmt. */
function webService(out: string, searchPath: readonly string[]): unknown {
  return nixEvalJson(
    `let s = import ${join(out, "services.nix")} {
      system = "x86_64-linux"; pkgs = { }; distribution = { }; invDistribution = { };
    }; in { from = s.web.pkg.from; type = s.web.type; }`,
    searchPath,
  );
}

describe("nixProcessmgmt", () => {
  requireNix();
  const base = tempDir();
  const folders = ["np", "np dir", 'np ${x} "q"'];
  for (const name of folders) fakeNixProcessmgmt(join(base, name));

  // [nixProcessmgmt as written, search path entries given to Nix, the folder nix-processmgmt is read from]
  const cases: [string | undefined, string[], string][] = [
    [undefined, ["-I", `nix-processmgmt=${join(base, "np")}`], "np"],
    [`${join(base, "np")}/`, [], "np"],
    [join(base, "np dir"), [], "np dir"],
    [`${join(base, "np dir")}//`, [], "np dir"],
    [join(base, 'np ${x} "q"'), [], 'np ${x} "q"'],
    ["np/", ["-I", `np=${join(base, "np")}`], "np"],
    ["np dir", ["-I", `np dir=${join(base, "np dir")}`], "np dir"],
    ['np ${x} "q"/', ["-I", `np \${x} "q"=${join(base, 'np ${x} "q"')}`], 'np ${x} "q"'],
    ["../np dir/", [], "np dir"],
  ];

  it.each(cases)("%j is read where it says", (nixProcessmgmt, searchPath, folder) => {
    // Beside the fakes, so that "../np dir/" is one of them.
    const dir = mkdtempSync(join(base, "spec-"));
    deployment(dir, nixProcessmgmt);
    const out = tempDir();
    // JSON specs are evaluated with a createManagedProcess of typenix's own, wherever
    // nix-processmgmt is said to be, and no search path entry for it.
    const synth = typenix(["synth", dir, "-o", out, "--json-specs"]);
    expect(synth.stderr).not.toMatch(/error/);
    expect(synth.status).toBe(0);
    expect(webService(out, searchPath)).toEqual({
      from: join(base, folder),
      type: `sysvinit from ${join(base, folder)}`,
    });
  });

  it("keeps the search path entry nix-processmgmt by default", () => {
    const dir = tempDir();
    deployment(dir, undefined);
    const out = tempDir();
    expect(typenix(["synth", dir, "-o", out]).status).toBe(0);
    expect(readFileSync(join(out, "services.nix"), "utf8")).toContain(
      "import <nix-processmgmt/nixproc/derive-dysnomia-process-type.nix>",
    );
  });

  it("refuses an empty one, at the constructors model", () => {
    const dir = tempDir();
    deployment(dir, "");
    const out = tempDir();
    const synth = typenix(["synth", dir, "-o", out]);
    expect(synth.status).toBe(1);
    expect(synth.stderr).toMatch(
      // Diagnostics name files from the working directory, the checkout.
      new RegExp(
        `^${relative(ROOT, join(dir, "constructors.ts"))}:7:\\d+: error TN3025: .*\\n +hint: `,
      ),
    );
  });
});
