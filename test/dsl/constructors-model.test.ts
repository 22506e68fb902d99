/** A constructors model holds its constructors and a few fields of its own, by name. */
import { describe, expect, it } from "vitest";
import { constructors, createManagedProcess, defineConstructor, SpecError, z } from "@typenix/dsl";

const app = defineConstructor({
  name: "app",
  params: z.object({}),
  build: () => createManagedProcess({ name: "app", process: "/bin/app" }),
});

describe("a constructors model", () => {
  it.each(["kind", "constructors", "outer", "options", "site", "forProcessManager"])(
    "refuses a constructor keyed %s, which names a field of the model",
    (key) => {
      const made = (): unknown => constructors({ [key]: app });
      expect(made).toThrow(SpecError);
      expect(made).toThrow(`a constructors model cannot call a constructor '${key}'`);
    },
  );

  it("calls a constructor by any other key", () => {
    const model = constructors({ optionsProcess: app });
    expect(model.optionsProcess({}).key).toBe("optionsProcess");
  });
});
