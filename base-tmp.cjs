const t0 = performance.now();
const tf = require("@tensorflow/tfjs-core");
const t1 = performance.now();
const which = process.argv[2];
(async () => {
  if (which === "wasm") { const w = require("@tensorflow/tfjs-backend-wasm"); w.setWasmPaths("/work/wt/t10a/node_modules/@tensorflow/tfjs-backend-wasm/dist/"); }
  else require("@tensorflow/tfjs-backend-cpu");
  await tf.setBackend(which);
  const t2 = performance.now();
  console.log(which, (t1-t0).toFixed(1), (t2-t0).toFixed(1));
})();
