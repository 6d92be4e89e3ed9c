// Fixture run for test/support/count-reporter.test.ts: these files are not part of `npm test`.
export default { test: { include: ["*.case.ts"], pool: "forks" } };
