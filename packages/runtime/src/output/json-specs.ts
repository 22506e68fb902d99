/**
 * `--json-specs`: evaluates the generated processes model with the real Nix
 * for `processManager = null` and writes one spec directory per process
 * instance. Package references and other values only Nix can resolve are
 * resolved by that evaluation.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GeneratedFile, Model } from "@typenix/compiler";
import { CREATE_MANAGED_PROCESS, evaluationCopy } from "@typenix/compiler/evaluation-copy";
import { isNoDefault, type ProcessesModel } from "@typenix/dsl/core";
import {
  errorDiagnostic,
  warningDiagnostic,
  type Diagnostic,
  type SourceLocation,
} from "@typenix/compiler/diagnostics";
import {
  isSafeSpecName,
  MAX_STORE_PATH_NAME,
  NIX_STORE,
  sameNameHint,
  specDirectoryName,
  specName,
} from "@typenix/compiler/specs";
import {
  NO_ARGUMENTS,
  optionPassing,
  type Json,
  type ProcessArguments,
} from "./process-arguments.js";
import { inFolder, type OutputFile } from "./write-outputs.js";
import { parseExact, stringifyExact } from "./exact-json.js";

/** The createManagedProcess the evaluation uses: it gives the arguments it is passed. */
const AGNOSTIC_CREATE_MANAGED_PROCESS = join(
  fileURLToPath(new URL("../../nix/agnostic", import.meta.url)),
  CREATE_MANAGED_PROCESS,
);
const MARKER = "__typenixManagedProcess";
/** Set, to the process manager, on a process built for one (see `forProcessManager`). */
const PROCESS_MANAGER = "__typenixProcessManager";

/** What Nix made of a processes model: the arguments of each instance's process, or why it failed. */
type Evaluated = { value: Record<string, Json> } | { error: string; hint: string };

/**
 * The evaluations of processes models made in one synth run, by what they
 * were made from. A run with something to report synthesizes again to
 * locate it (see `synthesizeSpecs`); when the generated files are the same,
 * their evaluation, which Nix takes seconds over, is not made again.
 */
export type Evaluations = Map<string, Evaluated>;

/**
 * The spec files of every processes model, given `args` beside
 * `processManager = null`, or diagnostics saying why they could not be made,
 * and the files in OUT the evaluations read that no run writes (`ids.nix`:
 * see `GeneratedFile.besides`), absolute: inputs of the specs.
 * A run that is not `writing` (`--check`) makes no folder that stays.
 */
export function jsonSpecFiles(
  models: readonly (Model & { readonly file: string })[],
  generated: readonly GeneratedFile[],
  outDir: string,
  args: ProcessArguments = NO_ARGUMENTS,
  evaluations: Evaluations = new Map(),
  writing = true,
): { files: OutputFile[]; diagnostics: Diagnostic[]; inputs: string[] } {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const inputs = new Set<string>();
  for (const m of models) {
    if (m.kind !== "processes") continue;
    const unpassed = unpassedParameters(m.model, m.file, args);
    if (unpassed.length > 0) {
      diagnostics.push(...unpassed);
      continue;
    }
    const processesFile = `${basename(m.file).replace(/\.ts$/, "")}.nix`;
    const besides = besidesOf(processesFile, generated, outDir);
    besides.forEach((path) => inputs.add(path));
    const key = evaluationKey(processesFile, generated, besides, args);
    const evaluated =
      evaluations.get(key) ??
      evaluateProcesses(processesFile, generated, besides, outDir, args, writing);
    evaluations.set(key, evaluated);
    if ("error" in evaluated) {
      diagnostics.push(
        errorDiagnostic(
          "TN4001",
          evaluated.error,
          m.model.site ?? { file: m.file, line: 1, column: 1 },
          evaluated.hint,
        ),
      );
      continue;
    }
    const sites = Object.fromEntries(
      Object.entries(m.model.instances).map(([k, i]) => [k, i.site]),
    );
    files.push(...specsOf(evaluated.value, m.file, sites, diagnostics));
  }
  return { files, diagnostics, inputs: [...inputs] };
}

/** The files beside it in OUT that the generated `processesFile` reads (see `GeneratedFile.besides`), absolute. */
function besidesOf(
  processesFile: string,
  generated: readonly GeneratedFile[],
  outDir: string,
): string[] {
  const file = generated.find((f) => f.path === processesFile);
  return (file?.besides ?? []).map((path) => join(outDir, path));
}

/**
 * A diagnostic for each parameter the model declares without a default
 * (`noDefault`) that the evaluation is not given: Nix would stop at the
 * first with "called without required argument". No default is made up
 * for it, as nixproc-build makes up none: the specs hold what the model
 * computes from it.
 */
function unpassedParameters(
  model: ProcessesModel,
  specFile: string,
  args: ProcessArguments,
): Diagnostic[] {
  const at: SourceLocation = model.site ?? { file: specFile, line: 1, column: 1 };
  return Object.entries(model.parameters ?? {})
    .filter(
      ([name, value]) =>
        isNoDefault(value) && name !== "processManager" && !Object.hasOwn(args.given, name),
    )
    .map(([name]) =>
      errorDiagnostic(
        "TN4004",
        `the processes model's parameter '${name}' has no default, and the evaluation for JSON specs is not given it`,
        at,
        `give '${name}' a default in processes(..., { parameters }), or pass it: typenix synth --json-specs ${optionPassing(name)}`,
      ),
    );
}

/** What the evaluation of a processes model is made from: the generated files, those `besides` them (ids.nix), the arguments. */
function evaluationKey(
  processesFile: string,
  generated: readonly GeneratedFile[],
  besides: readonly string[],
  args: ProcessArguments,
): string {
  const hash = createHash("sha256").update(processesFile).update(`\0${args.json}`);
  for (const file of generated) hash.update(`\0${file.path}\0${file.content}`);
  for (const path of besides)
    if (existsSync(path)) hash.update(`\0${basename(path)}\0`).update(readFileSync(path));
  return hash.digest("hex");
}

/**
 * Evaluates `{ <instance> = <createManagedProcess args>; }` with the
 * generated files in a scratch folder in the system's temporary folder.
 * Beside OUT it would be inside a folder a spec may name
 * (`nix.path("./.")`), whose store path it would change on every run,
 * inside a folder `--watch` may watch, and could not be made on a
 * read-only tree, which `--check` only reads. The copies name every file
 * they read but each other and the files `besides` them by an absolute
 * path (see `evaluationCopy`), so any folder does. A run that is `writing` first makes sure OUT can be
 * made, as writing makes it, so that an OUT that cannot be made is said
 * before Nix runs. The model is given those of `args` it declares, and
 * `processManager = null`, as nixproc-build's backends call it
 * (`builtins.intersectAttrs`); `args` is read from a JSON file, so no text
 * of the user's is read as Nix.
 */
function evaluateProcesses(
  processesFile: string,
  generated: readonly GeneratedFile[],
  besides: readonly string[],
  outDir: string,
  args: ProcessArguments,
  writing: boolean,
): Evaluated {
  // A usage error, said before anything of Nix's, as writing OUT would say it after.
  if (writing) inFolder(outDir, dirname(outDir), () => tryMaking(outDir));
  const probe = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    return {
      error:
        "JSON specs need the real Nix to resolve package references, and nix-instantiate is not installed",
      hint: "install Nix (Debian: apt-get install nix-bin), or synthesize without --json-specs",
    };
  }
  let scratch: string;
  try {
    scratch = mkdtempSync(join(tmpdir(), "typenix-specs-"));
  } catch (error) {
    return {
      error: `cannot make a folder to evaluate in, in ${tmpdir()}: ${(error as Error).message}`,
      hint: "set TMPDIR to a folder you may write to",
    };
  }
  try {
    // The copies read what the files will read from OUT: other paths are made absolute.
    const copied = new Set([...generated.map((file) => join(outDir, file.path)), ...besides]);
    const copy = (text: string): string =>
      evaluationCopy(text, {
        folder: outDir,
        besides: copied,
        createManagedProcess: AGNOSTIC_CREATE_MANAGED_PROCESS,
      });
    for (const file of generated) writeFileSync(join(scratch, file.path), copy(file.content));
    for (const path of besides) if (existsSync(path)) cpSync(path, join(scratch, basename(path)));
    writeFileSync(join(scratch, "typenix-arguments.json"), args.json);
    writeFileSync(join(scratch, "typenix-specs.nix"), specsExpression(processesFile));
    const result = spawnSync(
      "nix-instantiate",
      // nix-instantiate evaluates read-only unless told: a path or a `${./data}` in a spec would
      // name a store path nothing puts there. nixproc-build's evaluation adds the sources
      // its derivations' text names to the store; this one adds them as it meets them.
      ["--eval", "--strict", "--json", "--read-write-mode", join(scratch, "typenix-specs.nix")],
      {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      },
    );
    if (result.status !== 0) {
      // Nix names the scratch copies of the generated files, gone after this run.
      const stderr = result.stderr.trim().split(scratch).join(outDir);
      return {
        error: `evaluating the processes model for JSON specs failed:\n${stderr}`,
        hint: evaluationHint(stderr),
      };
    }
    return { value: parseExact(result.stdout) as Record<string, Json> };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes the folder `dir` and removes it again, when nothing is there: it
 * fails as making it for good would (no permission, a read-only file
 * system), and leaves nothing behind when the run stops before writing.
 */
function tryMaking(dir: string): void {
  if (lstatSync(dir, { throwIfNoEntry: false }) !== undefined) return;
  mkdirSync(dir);
  rmdirSync(dir);
}

/** What to do about an evaluation that failed with `stderr`. */
function evaluationHint(stderr: string): string {
  if (/file '[^']+' was not found in the Nix search path/.test(stderr))
    return "check that <nixpkgs> is on NIX_PATH";
  // The evaluation adds the sources a spec names to the store, which needs it writable.
  if (
    /daemon-socket|big-lock|\/nix\/(store|var)[^\n]*Permission denied|read-only file system/.test(
      stderr,
    )
  )
    return "JSON specs add the files and folders they name to the Nix store: run where the store is writable (as root, or with nix-daemon running)";
  // A `nix.path` of a name a store path cannot have (reported at the call: TN3026).
  if (/store path '[^']*' (contains illegal character|has a name longer than)/.test(stderr))
    return "Nix cannot add a file or folder of that name to the store: rename it (the warning TN3026 names the nix.path call)";
  // A process result in text (`"${webapp.pkg}/etc"`): a build's store path, which a spec is not.
  if (/cannot coerce a set to a string/.test(stderr))
    return "a process (a createManagedProcess result) used as text has no store path in a JSON spec, which names processes only in dependencies; or synthesize without --json-specs to look at the generated files";
  // A cycle the checks cannot see (TN5004 sees the processes an instance's
  // own Nix reads, TN3021 defaults that read each other): one read inside a
  // constructor's file, as of an instance given another whole.
  if (/infinite recursion|stack overflow/.test(stderr))
    return "Nix recursed forever: most often process instances whose processes depend on each other (an instance given another whose dependencies name it), or parameter defaults that read each other; synthesize without --json-specs to look at the generated files";
  return "synthesize without --json-specs to write the generated files, and look there";
}

/** The expression giving each instance's process of the model in `processesFile`. */
function specsExpression(processesFile: string): string {
  return `let
  model = import ./${processesFile};
  args = builtins.fromJSON (builtins.readFile ./typenix-arguments.json) // { processManager = null; };
  processes = model (builtins.intersectAttrs (builtins.functionArgs model) args);
in
builtins.mapAttrs (name: instance: instance.pkg) processes
`;
}

/**
 * Spec directories, dependencies first so their paths are known when
 * dependants are written. A dependency is the store path its spec
 * directory is named after (see `specDirectoryName`), not a path in OUT:
 * consumers need an absolute path, and OUT's differs from machine to
 * machine. A process that several instances depend on is
 * written once; two instances whose processes share a name are an error
 * (one spec directory per name, as process managers know one process per name).
 */
function specsOf(
  instances: Record<string, Json>,
  specFile: string,
  sites: Readonly<Record<string, SourceLocation | undefined>>,
  diagnostics: Diagnostic[],
): OutputFile[] {
  const files: OutputFile[] = [];
  const specs = new Map<string, { readonly storePath: string; readonly json: string }>();
  /** The instance whose process has each name. */
  const owners = new Map<string, string>();
  const visiting = new Set<string>();
  const at = (instance: string | undefined): SourceLocation =>
    (instance ? sites[instance] : undefined) ?? { file: specFile, line: 1, column: 1 };
  /** Instances in the order the model declares them: a clash is reported at the later one. */
  const order = Object.keys(sites);
  const clash = (instance: string, other: string | undefined, name: string): undefined => {
    const [first, second] =
      other !== undefined && order.indexOf(other) > order.indexOf(instance)
        ? [instance, other]
        : [other, instance];
    const message =
      first === undefined
        ? `process instance '${second}' is named '${name}', as is a process another instance depends on`
        : `process instances '${second}' and '${first}' are both named '${name}'`;
    diagnostics.push(errorDiagnostic("TN4003", message, at(second), sameNameHint(name)));
    return undefined;
  };
  /** The instance whose spec is being written, for diagnostics about its dependencies. */
  let current: string | undefined;
  const emit = (args: Record<string, Json>, instance?: string): string | undefined => {
    const manager = forProcessManager(args);
    if (manager !== undefined) {
      diagnostics.push(
        instance === undefined
          ? dependencyForProcessManager(current, specName(args), manager, at(current))
          : builtForProcessManager(instance, manager, at(instance)),
      );
      return undefined;
    }
    const name = specName(args);
    if (!name || !isSafeSpecName(name)) {
      diagnostics.push(
        errorDiagnostic(
          "TN4002",
          `process name ${JSON.stringify(name)} cannot name a spec directory${name && name.length > MAX_STORE_PATH_NAME ? `: it is ${name.length} characters long, and Nix names no store path with more than ${MAX_STORE_PATH_NAME}` : ""}`,
          at(instance),
          // A spec directory named `.x` would be hidden; `-x` and `+x` read as options in shell commands.
          `give the process a name or instanceName of letters, digits, '.', '_', '+', '-', not starting with '.', '+' or '-', at most ${MAX_STORE_PATH_NAME} characters long`,
        ),
      );
      return undefined;
    }
    if (instance !== undefined) {
      const owner = owners.get(name);
      if (owner !== undefined) return clash(instance, owner, name);
      owners.set(name, instance);
    }
    const known = specs.get(name);
    // A dependency written already is the same process (its instance is checked as one).
    if (known && instance === undefined) return known.storePath;
    if (!known && visiting.has(name)) return undefined;
    visiting.add(name);
    const spec = withoutMarker(args, (dependency) => emit(dependency)) as Record<string, Json>;
    const json = `${stringifyExact(spec, 2)}\n`;
    // Written as a dependency first: it must be this instance's process.
    if (known)
      return known.json === json ? known.storePath : clash(instance as string, undefined, name);
    const dir = specDirectoryName(name, json);
    const storePath = `${NIX_STORE}/${dir}`;
    specs.set(name, { storePath, json });
    files.push({ path: `specs/${dir}/${name}.json`, content: json });
    return storePath;
  };
  for (const [instance, args] of Object.entries(instances)) {
    current = instance;
    if (isManagedProcess(args)) emit(args, instance);
    else diagnostics.push(notManagedProcess(instance, at(instance)));
  }
  return files;
}

/** True for what typenix's createManagedProcess gives (a package evaluates to its path, say). */
function isManagedProcess(value: Json): value is Record<string, Json> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && value[MARKER] === true
  );
}

/** The process manager a process is built for, if it is built for one. */
function forProcessManager(args: Record<string, Json>): string | undefined {
  const manager = args[PROCESS_MANAGER];
  return typeof manager === "string" ? manager : undefined;
}

/**
 * An instance built with `constructors.forProcessManager(...)`: given
 * `processManager = null`, nix-processmgmt builds that manager's
 * configuration for it, not a JSON spec, so it has none. A warning: the
 * model is deployed as it says, and the other instances' specs are right.
 */
function builtForProcessManager(instance: string, manager: string, at: SourceLocation): Diagnostic {
  return warningDiagnostic(
    "TN4005",
    `process instance '${instance}' is built for ${manager} (constructors.forProcessManager(${JSON.stringify(manager)})), so it has no target-agnostic JSON spec: nix-processmgmt builds a ${manager} configuration for it`,
    at,
    `build its pkg with the model's own constructors (without forProcessManager) to give it a JSON spec`,
  );
}

/**
 * A process that depends on one built for a process manager: upstream,
 * its spec names that manager's configuration, which JSON specs do not
 * make, so it cannot be written.
 */
function dependencyForProcessManager(
  instance: string | undefined,
  dependency: string | undefined,
  manager: string,
  at: SourceLocation,
): Diagnostic {
  return errorDiagnostic(
    "TN4006",
    `process instance '${instance ?? ""}' depends on process '${dependency ?? ""}', which is built for ${manager}, so its JSON spec cannot name the dependency's spec`,
    at,
    "build the dependency with the model's own constructors (without forProcessManager), or this process for the same process manager",
  );
}

/** An instance whose pkg is no process has no spec to write. */
function notManagedProcess(instance: string, at: SourceLocation): Diagnostic {
  return errorDiagnostic(
    "TN4010",
    `the pkg of process instance '${instance}' is not a createManagedProcess result, so it has no JSON spec`,
    at,
    "build its pkg with a constructor that returns createManagedProcess({ ... }); a plain package has no process to manage",
  );
}

/** The JSON without typenix's marker; nested process results (dependencies) become their spec directories' store paths. */
function withoutMarker(
  value: Json,
  dependencyPath: (args: Record<string, Json>) => string | undefined,
  top = true,
): Json {
  if (Array.isArray(value)) return value.map((v) => withoutMarker(v, dependencyPath, false));
  if (value === null || typeof value !== "object") return value;
  if (!top && isManagedProcess(value)) return dependencyPath(value) ?? null;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== MARKER)
      .map(([k, v]) => [k, withoutMarker(v, dependencyPath, false)]),
  );
}
