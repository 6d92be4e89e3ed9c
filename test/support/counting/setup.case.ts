// A beforeAll that throws: its two tests did not pass, so both count as failed; the tests skipped
// on purpose stay skipped (3), and the test outside the broken describe passes.
import { beforeAll, describe, it } from "vitest";
describe("kernel that does not start", () => {
  beforeAll(() => {
    throw new Error("kernel did not start");
  });
  it("would execute a cell", () => {});
  describe("deeper", () => {
    it("would inspect", () => {});
  });
  it.skip("skipped on purpose inside", () => {});
});
describe.skipIf(true)("tool missing", () => {
  it("needs the tool", () => {});
});
it.todo("later");
it("outside passes", () => {});
