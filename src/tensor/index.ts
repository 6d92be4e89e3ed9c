export { backend, backendNote, ready, type BackendName } from "./backend.js";
export { np, npx, type ShapeLike } from "./np.js";
export { seed, nextSeed } from "./random.js";
