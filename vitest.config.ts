import { defineConfig } from 'vitest/config'

// Two projects, as hono does: fast in-process unit tests, and integration tests that start real
// servers and child processes (they need the built dist/ for `node --import llmeter/register`).
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
    ],
  },
})
