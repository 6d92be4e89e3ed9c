// A file that throws while loading has no tests to count: the file is 1 failure.
import { it } from "vitest";
throw new Error("cannot import");
it("never collected", () => {});
