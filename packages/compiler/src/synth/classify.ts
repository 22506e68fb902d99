/** Recognizes which model a spec file's default export is. */
import type {
  Constructor,
  ConstructorsModelInfo,
  DistributionModel,
  InfrastructureModel,
  ProcessesModel,
  ServicesModel,
} from "@typenix/dsl/core";

/** A model found in a spec file. */
export type Model =
  | { readonly kind: "constructor"; readonly model: Constructor }
  | { readonly kind: "constructors"; readonly model: ConstructorsModelInfo }
  | { readonly kind: "processes"; readonly model: ProcessesModel }
  | { readonly kind: "services"; readonly model: ServicesModel }
  | { readonly kind: "infrastructure"; readonly model: InfrastructureModel }
  | { readonly kind: "distribution"; readonly model: DistributionModel };

const KINDS = new Set([
  "constructor",
  "constructors",
  "processes",
  "services",
  "infrastructure",
  "distribution",
]);

/** The model of a default export, or undefined when it is none of typenix's models. */
export function classifyModel(value: unknown): Model | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null)
    return undefined;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === "string" && KINDS.has(kind)
    ? ({ kind, model: value } as Model)
    : undefined;
}
