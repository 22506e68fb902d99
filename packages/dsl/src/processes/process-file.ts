/**
 * Process files: a file of one process rather than a constructor, as
 * nix-processmgmt-services' `nix-daemon/default.nix` is (`{
 * createManagedProcess, nix }: createManagedProcess { ... }`). It is a
 * constructor of no parameters whose file takes none, and a constructors
 * model lists it already called.
 */
import { z } from "zod";
import {
  defineConstructor,
  type BuildResult,
  type Constructor,
  type ConstructorResult,
  type ParamsSchema,
} from "./constructor.js";

/** Declares a process file; `O` names its own outer parameters (see `ConstructorSpec.outer`). */
export interface ProcessSpec<R extends ConstructorResult, O extends string = never> {
  /** Name of the process file, the base name of its generated `.nix` file. */
  readonly name: string;
  /** See `ConstructorSpec.outer`. */
  readonly outer?: readonly O[];
  /**
   * Builds the process: `createManagedProcess({ ... })`, or a call of
   * another constructor. It runs once; there are no parameters to decide on.
   */
  readonly build: () => BuildResult<R>;
}

/**
 * A constructor of no parameters whose generated file is the process
 * itself: a constructors model gives it already called
 * (`constructors["nix-daemon"]` is a call, Nix's `constructors.nix-daemon`
 * the process), so a processes model's `pkg` takes it as it is.
 */
export type ProcessConstructor<
  R extends ConstructorResult = ConstructorResult,
  O extends string = string,
> = Constructor<ParamsSchema, R, false, O> & {
  /** Marks the constructor as one process (see `ConstructorSpec.applied`). */
  readonly applied: true;
};

/**
 * Defines a process file, as `{ createManagedProcess, pkgs }:
 * createManagedProcess { ... }`:
 * `defineProcess({ name: "nix-daemon", build: () => createManagedProcess({ ... }) })`.
 * A constructors model lists it as any constructor and gives it called,
 * for a processes model's `pkg: constructors["nix-daemon"]`.
 */
export function defineProcess<R extends ConstructorResult, O extends string = never>(
  spec: ProcessSpec<R, O>,
): ProcessConstructor<R, O> {
  const ctor = defineConstructor<ParamsSchema, R, never, false, O>({
    name: spec.name,
    params: z.object({}),
    ...(spec.outer === undefined ? {} : { outer: spec.outer }),
    applied: true,
    build: () => spec.build(),
  });
  return Object.assign(ctor, { applied: true as const });
}
