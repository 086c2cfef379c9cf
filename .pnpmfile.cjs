// nodejs-polars' native binaries declare `engines: node >= 22`, so pnpm skips them as optional
// dependencies on Node 20, where they work: the benchmarks' Polars peer needs the binary installed.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name && pkg.name.startsWith('nodejs-polars-')) delete pkg.engines;
      return pkg;
    },
  },
};
