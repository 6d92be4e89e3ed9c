// An afterAll that throws after a passing test: 1 passed, and the suite's error is 1 failure.
import { afterAll, describe, it } from "vitest";
describe("leaves a process behind", () => {
  afterAll(() => {
    throw new Error("stray kernel");
  });
  it("runs", () => {});
});
