import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources, so no build is needed before `vitest`.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@flint\/(common|sql|planner|exec|io)$/,
        replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)),
      },
      { find: /^flint$/, replacement: src('flint') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/src/**/*.test.ts', 'benchmarks/src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
