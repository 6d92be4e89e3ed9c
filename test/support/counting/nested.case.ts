// Two passing and one failing test inside two nested describes: 2 passed, 1 failed.
import { describe, expect, it } from "vitest";
describe("outer", () => {
  describe("inner", () => {
    it("passes first", () => {});
    it("fails", () => expect(1).toBe(2));
    it("passes second", () => {});
  });
});
