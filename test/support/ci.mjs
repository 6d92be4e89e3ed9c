// Shared by test/run-all.mjs and test/support/tools.ts.

/**
 * Whether a value of $CI means "this is CI". CI services spell it `true`, `True`, `1`, `yes` or a
 * service name; any of those must make missing tools a failure, never a skip. So every non-empty
 * value counts except the ones that say no: `false`, `0`, `no`, `off` (any case, spaces trimmed).
 * @param {string | undefined} value
 * @returns {boolean}
 */
export function isCI(value) {
  const v = (value ?? "").trim().toLowerCase();
  return v !== "" && !["false", "0", "no", "off"].includes(v);
}
