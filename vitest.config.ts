import { defineConfig } from 'vitest/config'

// Three projects: fast in-process unit tests; integration tests that start real servers and child
// processes (they need the built dist/ for `node --import llmeter/register`); and the compatibility
// matrix, every instrumented client at the low and the high end of its declared range.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/regression/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'compat', include: ['test/compat/**/*.test.ts'] } },
    ],
  },
})
