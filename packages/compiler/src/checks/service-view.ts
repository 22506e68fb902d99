/**
 * A concrete view of Disnix services for checking: records built by
 * container-provider constructors are evaluated with their arguments, and
 * dependency thunks are resolved.
 */
import {
  isConstructorCall,
  isNixValue,
  type ConstructorCall,
  type Service,
  type ServiceRecord,
  type ServiceRefs,
  type ServicesModel,
} from "@typenix/dsl";

/** What the checks need to know of one service. */
export interface ServiceView {
  readonly key: string;
  readonly service: Service;
  readonly record: ServiceRecord | undefined;
  readonly dependsOn: ServiceRefs;
  readonly connectsTo: ServiceRefs;
  readonly activatesAfter: ServiceRefs;
  /** The containers it provides (long and short form). */
  readonly provides: readonly string[];
  /** The concrete type, when it is not symbolic. */
  readonly type: string | undefined;
}

const refsOf = (refs: ServiceRecord["dependsOn"]): ServiceRefs =>
  typeof refs === "function" ? refs() : (refs ?? {});

/** Views already made, by model: the services and the deployment checks both need them. */
const made = new WeakMap<ServicesModel, readonly ServiceView[]>();

/** The services of a model, in declaration order. */
export function serviceViews(model: ServicesModel): readonly ServiceView[] {
  let views = made.get(model);
  if (!views) {
    views = makeViews(model);
    made.set(model, views);
  }
  return views;
}

function makeViews(model: ServicesModel): ServiceView[] {
  return Object.entries(model.services).map(([key, service]) => {
    const spec = service.spec;
    const record = isConstructorCall(spec)
      ? evaluateCall(spec)
      : isNixValue(spec)
        ? undefined
        : spec;
    const provides = [
      ...Object.keys(record?.providesContainers ?? {}),
      ...(typeof record?.providesContainer === "string" ? [record.providesContainer] : []),
    ];
    const type =
      typeof record?.type === "string" && !isNixValue(record.type) ? record.type : undefined;
    return {
      key,
      service,
      record,
      dependsOn: refsOf(record?.dependsOn),
      connectsTo: refsOf(record?.connectsTo),
      activatesAfter: refsOf(record?.activatesAfter),
      provides,
      type,
    };
  });
}

function evaluateCall(call: ConstructorCall): ServiceRecord | undefined {
  try {
    return call.constructor.evaluate(call.args) as ServiceRecord;
  } catch {
    return undefined;
  }
}
