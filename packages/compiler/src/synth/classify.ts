/** Recognizes which model a spec file's default export is. */
import {
  isBuiltModel,
  type Constructor,
  type ConstructorsModelInfo,
  type DistributionModel,
  type InfrastructureModel,
  type ProcessesModel,
  type ServicesModel,
} from "@typenix/dsl/core";

/** A model found in a spec file. */
export type Model =
  | { readonly kind: "constructor"; readonly model: Constructor }
  | { readonly kind: "constructors"; readonly model: ConstructorsModelInfo }
  | { readonly kind: "processes"; readonly model: ProcessesModel }
  | { readonly kind: "services"; readonly model: ServicesModel }
  | { readonly kind: "infrastructure"; readonly model: InfrastructureModel }
  | { readonly kind: "distribution"; readonly model: DistributionModel };

/**
 * The model of a default export, or undefined when it is none of typenix's
 * models. Only what a builder made counts (see `isBuiltModel`): a look-alike
 * object (`{ kind: "processes" }`) or a Proxy is none, and is not read.
 */
export function classifyModel(value: unknown): Model | undefined {
  if (!isBuiltModel(value)) return undefined;
  return { kind: (value as Model["model"]).kind, model: value } as Model;
}
