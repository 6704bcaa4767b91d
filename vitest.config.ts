import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// The files that take longest, longest first: starting them first keeps one of them from being the
// last file left running on a single worker while the others sit idle.
const LOAD_TEST = 'test/integration/reliability/load.test.ts'
const LONGEST_FIRST = [
  'test/integration/monitoring/promtool.test.ts',
  'test/integration/sdk/register.test.ts',
  'test/integration/monitoring/demo-e2e.test.ts',
  'test/integration/sdk/prometheus-scrape.test.ts',
  'test/integration/reliability/public-api-properties.test.ts',
]

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path))
      return i === -1 ? LONGEST_FIRST.length : i
    }
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec)
  }
}

// Four projects: fast in-process unit tests; integration tests that start real servers and child
// processes (they need the built dist/ for `node --import llmeter/register`); the load test; and the
// compatibility matrix, every instrumented client at the low and the high end of its declared range.
// Files run in parallel, each in its own forked process: every server in the tests listens on
// 127.0.0.1 port 0 and every file writes only to its own temporary directory, so files do not
// share ports, files or process state. Most integration time is spent waiting on child processes
// and sockets, so there are more workers than the two cores of the development machine.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: Number(process.env.LLMETER_TEST_WORKERS ?? '4'),
    sequence: { sequencer: LongestFirst },
    projects: [
      // Unit tests are in-process and quick, but CI runs them beside the integration forks on 2 cores.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/regression/**/*.test.ts'],
          exclude: [LOAD_TEST],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The load test measures throughput, so it runs on its own after everything else, not
      // competing with other files for the CPU.
      {
        test: {
          name: 'load',
          include: [LOAD_TEST],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'compat', include: ['test/compat/**/*.test.ts'] } },
    ],
  },
})
