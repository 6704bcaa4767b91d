// Architecture rules for src/, checked by `npm run check:arch` (dependency-cruiser). The layout and
// the reasons are in docs/architecture.md ("Layout and rules"). Type-only imports are cruised too
// (tsPreCompilationDeps): a rule applies to them unless it says otherwise.
//
// The pipeline, bottom to top:
//   semconv  <-  aggregation, attributes  <-  recording  <-  tracking  <-  instrumentations
// with internal/ and version.ts under everything, pricing/ and budgets/ beside the pipeline (the
// recorder knows them only by the ports in recording/ports.ts; src/sdk/ wires the real ones in),
// the output side (exporters/, cluster/, http/) apart from it, and src/sdk/ + the entries on top.

/** Paths of the package's entries (the `exports` map's sources). */
const ENTRIES = [
  '^src/index\\.ts$',
  '^src/register(-eager)?\\.ts$',
  '^src/semconv/index\\.ts$',
  '^src/instrumentations/langchain/handler\\.ts$',
  '^src/budgets/redis/index\\.ts$',
  '^src/serverless/index\\.ts$',
  '^src/instrumentations/public\\.ts$',
]
const LIFECYCLE = '^src/sdk/(start|install|parts)\\.ts$'
const TYPES = ['type-only', 'type-import']

/** A layer may import only the listed src/ paths (npm packages and node: builtins are not limited here). */
function onlyImports(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: from },
    to: { path: '^src/', pathNot: allowed },
  }
}

module.exports = {
  forbidden: [
    onlyImports(
      'semconv-is-the-bottom',
      '^src/semconv/',
      ['^src/semconv/'],
      'semconv/ is the metric contract: it imports nothing of llmeter, so llmeter/semconv loads nothing else.',
    ),
    onlyImports(
      'internal-is-a-leaf',
      '^src/(internal/|version\\.ts$)',
      ['^src/internal/'],
      'internal/ (diag, guard, numbers) and version.ts sit under every layer and import none of them.',
    ),
    onlyImports(
      'aggregation-and-attributes-use-only-semconv',
      '^src/(aggregation|attributes)/',
      ['^src/(aggregation|attributes|semconv|internal)/'],
      'The call series and the label limiter are recording building blocks: semconv and internal only.',
    ),
    onlyImports(
      'recording-sits-on-semconv',
      '^src/recording/',
      ['^src/(recording|aggregation|attributes|semconv|internal)/', '^src/version\\.ts$', '^src/(pricing|budgets)/types\\.ts$'],
      'The recorder and its instruments know no tracker, instrumentation, lifecycle or exporter; of pricing and budgets only their types (recording/ports.ts).',
    ),
    {
      name: 'recording-uses-pricing-and-budgets-types-only',
      comment: 'recording/ports.ts describes pricing and budgets; it must not load them (the lifecycle wires them in).',
      severity: 'error',
      from: { path: '^src/recording/' },
      to: { path: '^src/(pricing|budgets)/', dependencyTypesNot: TYPES },
    },
    onlyImports(
      'tracking-sits-on-recording',
      '^src/tracking/',
      ['^src/(tracking|recording|aggregation|attributes|semconv|internal)/', '^src/version\\.ts$', '^src/pricing/index\\.ts$'],
      'Trackers record through the recorder; they never import an instrumentation, the lifecycle, budgets or an exporter. From pricing only its entry (the bundled-catalog pricer used when none is configured).',
    ),
    onlyImports(
      'instrumentations-sit-on-tracking',
      '^src/instrumentations/',
      [
        '^src/(instrumentations|tracking|semconv|internal)/',
        '^src/version\\.ts$',
        '^src/recording/(registry|recorder)\\.ts$',
        '^src/pricing/extract-usage\\.ts$',
      ],
      'Every instrumentation ends in the trackers (one recording path): from recording only the registry (the recorder of a provider), from pricing only the usage extractor; never the lifecycle, budgets, config or exporters.',
    ),
    {
      name: 'instrumentations-use-recorder-types-only',
      comment: 'An instrumentation hands its recorder to the trackers; it never records on instruments itself.',
      severity: 'error',
      from: { path: '^src/instrumentations/' },
      to: { path: '^src/recording/recorder\\.ts$', dependencyTypesNot: TYPES },
    },
    {
      name: 'no-cross-client-imports',
      comment: 'instrumentations/<a>/ never imports instrumentations/<b>/: what two clients share lives in shared/.',
      severity: 'error',
      from: { path: '^src/instrumentations/([^/]+)/' },
      to: { path: '^src/instrumentations/[^/]+/', pathNot: '^src/instrumentations/($1|shared)/' },
    },
    {
      name: 'shared-knows-no-client',
      comment: 'shared/ is the runtime every client uses; it imports no client folder.',
      severity: 'error',
      from: { path: '^src/instrumentations/shared/' },
      to: { path: '^src/instrumentations/', pathNot: '^src/instrumentations/shared/' },
    },
    onlyImports(
      'pricing-stands-alone',
      '^src/pricing/',
      ['^src/(pricing|semconv|internal)/'],
      'Pricing depends on the usage kinds and nothing of the pipeline, so the recorder can know it by its types.',
    ),
    onlyImports(
      'budgets-stand-alone',
      '^src/budgets/',
      ['^src/(budgets|semconv|internal)/'],
      'Budgets depend on semconv and internal only; the tracker reaches them through the BudgetGate port.',
    ),
    onlyImports(
      'output-side-apart-from-the-pipeline',
      '^src/(exporters|cluster|http)/',
      ['^src/(exporters|cluster|http|internal)/', '^src/version\\.ts$', '^src/config\\.ts$'],
      'Exporters, cluster and HTTP metrics serve what the SDK collected; they import nothing of the pipeline (config.ts for its option types).',
    ),
    {
      name: 'output-side-uses-config-types-only',
      comment: 'config.ts is resolved by the lifecycle; the output side only names its types.',
      severity: 'error',
      from: { path: '^src/(exporters|cluster|http)/' },
      to: { path: '^src/config\\.ts$', dependencyTypesNot: TYPES },
    },
    {
      name: 'lifecycle-only-from-the-entries',
      comment: 'start/install/parts are the lifecycle: only src/index.ts and the register entries (src/register.ts, src/register-eager.ts) start it (start.ts -> parts.ts, install.ts inside it).',
      severity: 'error',
      from: { pathNot: ['^src/index\\.ts$', '^src/register(-eager)?\\.ts$', LIFECYCLE] },
      to: { path: LIFECYCLE },
    },
    {
      name: 'start-only-from-the-entries',
      comment: 'start.ts is reached from the entries only, never from install.ts or parts.ts.',
      severity: 'error',
      from: { pathNot: ['^src/index\\.ts$', '^src/register(-eager)?\\.ts$'] },
      to: { path: '^src/sdk/start\\.ts$' },
    },
    {
      name: 'redis-only-in-llmeter-redis',
      comment: 'Only llmeter/redis (src/budgets/redis/) imports the optional peer `redis`, type-only included.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/budgets/redis/' },
      to: { path: '(^|/)node_modules/(redis|@redis/[^/]+)/' },
    },
    {
      name: 'redis-store-loaded-on-demand',
      comment: 'The core loads src/budgets/redis/ only with import() (budgets/open-store.ts), when a Redis store is configured.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/budgets/redis/' },
      to: { path: '^src/budgets/redis/', dynamic: false, dependencyTypesNot: TYPES },
    },
    {
      name: 'langchain-only-in-its-folder',
      comment: 'Only instrumentations/langchain/ imports the optional peer @langchain/core.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/instrumentations/langchain/' },
      to: { path: '(^|/)node_modules/@langchain/' },
    },
    {
      name: 'langchain-handler-loaded-on-demand',
      comment: 'handler.ts extends @langchain/core: the core loads it only with import(), once @langchain/core is there.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/instrumentations/langchain/handler\\.ts$', dynamic: false, dependencyTypesNot: TYPES },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment: 'src/ runs in the app: it may import dependencies and the optional peers, never a devDependency alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer', ...TYPES] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports and that imports nothing is dead.',
      severity: 'error',
      from: { orphan: true, path: '^src/' },
      to: {},
    },
    {
      name: 'reachable-from-the-entries',
      comment: 'Every src/ module is loaded by some package entry (statically or by import()); anything else is dead code.',
      severity: 'error',
      from: { path: ENTRIES },
      to: { path: '^src/', pathNot: ENTRIES, reachable: false },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
}
