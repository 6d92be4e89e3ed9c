import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mapStack } from "./stack.js";

const libraryFile = fileURLToPath(new URL("../../src/nn/parameter.js", import.meta.url));

describe("mapStack on frames outside the cell", () => {
  it("shows library frames as d2l-ts/... and dependency frames from the package name, without absolute paths", () => {
    const stack = [
      'DeferredInitializationError: Parameter "0.weight" has not been initialized yet',
      `    at Parameter.data (file://${libraryFile}:70:15)`,
      "    at matMul (/home/me/nb/node_modules/@tensorflow/tfjs-core/dist/ops/mat_mul.js:12:3)",
      "    at processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ].join("\n");
    const out = mapStack(stack, new Map());
    expect(out.split("\n")).toEqual([
      'DeferredInitializationError: Parameter "0.weight" has not been initialized yet',
      "    at Parameter.data (d2l-ts/nn/parameter.js:70:15)",
      "    at matMul (@tensorflow/tfjs-core/dist/ops/mat_mul.js:12:3)",
    ]);
  });
});
