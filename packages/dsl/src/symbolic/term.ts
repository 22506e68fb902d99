/**
 * The symbolic part of a model: Nix expressions that only Nix can evaluate
 * (packages, model parameters, imports), recorded as small terms that the
 * compiler lowers to Nix syntax. Concrete values stay plain TypeScript values.
 */
import type { NixValue } from "./value.js";
import type { ConstructorCall } from "../processes/constructor.js";

/** Where a builder was called: the spec file and the position of the call. */
export interface CallSite {
  /** Absolute path of the spec file. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/**
 * Any value a model may hold: concrete JSON-like data, symbolic values,
 * references to other model items, and constructor calls, which a model
 * lowers as `constructors.webapp { ... }` wherever it holds them (inside
 * `nix.op`, `nix.lambda`, ...; a constructor's own file, which has no
 * constructors model in scope, reports one, TN3070).
 */
export type NixData =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | NixValue
  | ModelRef
  | ConstructorCall
  | readonly NixData[]
  | { readonly [key: string]: NixData };

/** A model item that lowers to a reference by name (a process instance, a service, a target). */
export interface ModelRef {
  readonly [MODEL_REF]: true;
}

/** Marks objects that lowering turns into a reference to their name instead of their content. */
export const MODEL_REF: unique symbol = Symbol.for("typenix.modelRef");

/** Binary operators the typed API offers on symbolic values. */
export type NixOperator =
  "==" | "!=" | "&&" | "||" | "+" | "-" | "*" | "/" | "++" | "//" | "<" | "<=" | ">" | ">=";

/**
 * What is known of the Nix type of a symbolic value, where lowering needs
 * it: Nix interpolates strings and paths only, so a number in a string is
 * written through `toString`. (`number` is an integer or a float; `scalar`
 * a string, an integer or a boolean; `set` an attribute set.)
 */
export type NixType = "int" | "float" | "number" | "boolean" | "string" | "scalar" | "list" | "set";

/** The `binding` of a variable the generated function's header binds (see `NixTerm`). */
export const HEADER_BINDING = 0;

/** A symbolic Nix expression. */
export type NixTerm =
  | {
      readonly kind: "ref";
      readonly name: string;
      /** The type of the variable, when declared (a constructor parameter's schema). */
      readonly type?: NixType;
      /**
       * The binding the variable stands for, where the DSL made it for one:
       * `HEADER_BINDING` for a parameter of the generated function (a
       * constructor's, a model's, a standard one), else the number of the
       * `nix.let` or `nix.lambda` that binds it. A variable named in Nix
       * terms (`nix.ref`) has none: it reads what Nix's scoping gives.
       */
      readonly binding?: number;
      /** Set on a parameter that may be null (optional without a default, nullable, a union with null). */
      readonly nullable?: boolean;
      /** Where spec code called `nix.ref`, worked out when first read (see `SiteTrace`). */
      readonly site?: CallSite;
    }
  | {
      readonly kind: "select";
      readonly base: NixTerm;
      readonly path: readonly string[];
      readonly default?: NixData;
    }
  | {
      readonly kind: "call";
      readonly fn: NixTerm;
      readonly args: readonly NixData[];
      /** The type of the result, when the builder knows it (`nix.length`). */
      readonly type?: NixType;
    }
  | {
      readonly kind: "path";
      readonly path: string;
      readonly site?: CallSite;
      /** Set on the path `nix.import` imports: Nix reads it where it is, and copies it nowhere. */
      readonly imported?: true;
    }
  | {
      readonly kind: "searchPath";
      readonly path: string;
      /**
       * Set on a file of nix-processmgmt (`path` is `nix-processmgmt/` and
       * this): synth writes it under the folder the constructors model in
       * scope names in `nixProcessmgmt`, and as `path` where none does.
       */
      readonly nixProcessmgmtFile?: string;
    }
  | { readonly kind: "string"; readonly parts: readonly (string | NixTerm)[] }
  | { readonly kind: "if"; readonly cond: NixData; readonly then: NixData; readonly else: NixData }
  | {
      readonly kind: "let";
      readonly bindings: Readonly<Record<string, NixData>>;
      readonly body: NixData;
      /** The number its variables carry (see the `binding` of a ref). */
      readonly binding: number;
    }
  | {
      readonly kind: "lambda";
      readonly param: string;
      readonly body: NixData;
      /** The number its parameter carries (see the `binding` of a ref). */
      readonly binding: number;
    }
  | {
      readonly kind: "binary";
      readonly op: NixOperator;
      readonly left: NixData;
      readonly right: NixData;
    }
  | { readonly kind: "not"; readonly expr: NixData }
  | { readonly kind: "data"; readonly value: NixData }
  | {
      readonly kind: "raw";
      readonly code: string;
      readonly site?: CallSite;
      /** Values the code refers to by name (locals to bind in the generated file). */
      readonly uses?: readonly NixData[];
    }
  | {
      readonly kind: "local";
      readonly name: string;
      readonly value: NixData;
      readonly site?: CallSite;
    }
  /** The set of services the services model being generated returns (`ownServices`). */
  | { readonly kind: "ownServices" };
