// `pnpm bench tpch|h2o|micro …`: the side-by-side benchmark runner (see runner/cli.ts and README.md).

import { USAGE, runBench } from './runner/cli.js';

const argv = process.argv.slice(2);
if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(argv.length === 0 ? 1 : 0);
}
try {
  await runBench(argv);
  process.exit(0);
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(2);
}
