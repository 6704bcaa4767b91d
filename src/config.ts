/**
 * Every llmeter option: its type, default, and the environment variable that sets it. Options
 * passed in code win over the environment. Resolution never throws: a bad value becomes a
 * `problem` (logged once by `start()`) and the default is used.
 *
 * @module
 */
import type { MeterProvider } from '@opentelemetry/api'
import type { BudgetConfig, SpendStore } from './budgets/types.js'
import { resolveProviders } from './config-providers.js'
import type { OtlpOptions } from './exporters/otlp.js'
import type { UserPriceTable } from './pricing/index.js'
import { DEFAULT_MAX_VALUES_PER_ATTRIBUTE } from './recording/ports.js'
import type { BucketOverrides } from './sdk/views.js'

export type ExporterName = 'prometheus' | 'otlp' | 'console' | 'none'

export interface PrometheusOptions {
  /** Bind address of the scrape server. Env `OTEL_EXPORTER_PROMETHEUS_HOST`. Default `127.0.0.1` (loopback only). */
  host?: string
  /** Port of the scrape server; 0 picks a free one. Env `OTEL_EXPORTER_PROMETHEUS_PORT`. Default 9464. */
  port?: number
  /** Path of the scrape endpoint. Env `LLMETER_PROMETHEUS_ENDPOINT`. Default `/metrics`. */
  endpoint?: string
  /** Start the standalone server; false = only `metricsHandler()` for your own server. Env `LLMETER_PROMETHEUS_SERVER`. Default true. */
  server?: boolean
  /** Require `Authorization: Bearer <token>` on scrapes. Env `LLMETER_PROMETHEUS_BEARER_TOKEN`. Default none. */
  bearerToken?: string
  /** Require basic auth, as `user:password`. Env `LLMETER_PROMETHEUS_BASIC_AUTH`. Default none. */
  basicAuth?: string
  /** Client addresses or CIDR ranges (IPv4 and IPv6) allowed to scrape. Env `LLMETER_PROMETHEUS_ALLOW_FROM` (comma list). Default all. */
  allowFrom?: string[]
  /**
   * Longest time one scrape response may take (collecting, and sending to a slow client); then its
   * connection is closed. Env `LLMETER_PROMETHEUS_SCRAPE_TIMEOUT`. Default 30000 ms.
   */
  scrapeTimeoutMillis?: number
  /**
   * Scrape responses in progress at once (concurrent scrapes share one collection); more get 503
   * with `Retry-After: 1`. Env `LLMETER_PROMETHEUS_MAX_CONCURRENT_SCRAPES`. Default 10.
   */
  maxConcurrentScrapes?: number
}

export interface ResolvedPrometheusOptions {
  host: string
  port: number
  endpoint: string
  server: boolean
  bearerToken: string | undefined
  basicAuth: string | undefined
  allowFrom: string[]
  scrapeTimeoutMillis: number
  maxConcurrentScrapes: number
}

export interface LlmeterOptions {
  /** Turn llmeter off entirely. Env `OTEL_SDK_DISABLED`. Default false. */
  disabled?: boolean
  /** `service.name`. Env `OTEL_SERVICE_NAME`. */
  serviceName?: string
  /** Extra resource attributes. Env `OTEL_RESOURCE_ATTRIBUTES` (merged). */
  resourceAttributes?: Record<string, string>
  /** Where metrics go. Env `OTEL_METRICS_EXPORTER` (comma list). Default `['prometheus']`. */
  exporters?: ExporterName[]
  prometheus?: PrometheusOptions
  /** OTLP settings; unset fields come from `OTEL_EXPORTER_OTLP_*`. */
  otlp?: OtlpOptions
  /** Push interval for OTLP/console. Env `OTEL_METRIC_EXPORT_INTERVAL`. Default 60000 ms. */
  exportIntervalMillis?: number
  /** Push timeout for OTLP/console. Env `OTEL_METRIC_EXPORT_TIMEOUT`. Default 30000 ms. */
  exportTimeoutMillis?: number
  /** HTTP server metrics (`http.server.request.duration`). Env `LLMETER_HTTP_METRICS`. Default true. */
  httpMetrics?: boolean
  /**
   * Runtime health on llmeter's own provider: event-loop delay and utilization, heap, GC, process
   * CPU and memory. Env `LLMETER_RUNTIME_METRICS`. Default true.
   */
  runtimeMetrics?: boolean
  /** Patch the LLM clients llmeter instruments (docs/instrumentations.md: openai, @anthropic-ai/sdk, the AI SDK, LangChain and the others) when the app loads them. Env `LLMETER_INSTRUMENT_CLIENTS`. Default true. */
  instrumentClients?: boolean
  /** Cap on distinct values per attribute (models, agents, tools...). Env `LLMETER_MAX_ATTRIBUTE_VALUES`. Default 200. */
  maxValuesPerAttribute?: number
  /**
   * App attribute keys (from `withAttributes()`, and `http.route` from the incoming request) that
   * become labels on LLM calls. Env `LLMETER_ATTRIBUTES` (comma list). Default none.
   */
  attributes?: string[]
  /**
   * `gen_ai.provider.name` for hosts llmeter cannot tell by name, keyed by host or `host:port`
   * (`{ 'llm.internal:8000': 'vllm' }`); `host:port` wins over the host alone, and both over the
   * known-host table. Env `LLMETER_PROVIDERS` (`host[:port]=provider`, comma list). Default none.
   */
  providers?: Record<string, string>
  /** Bucket boundaries per histogram name, replacing the defaults. Code only. */
  buckets?: BucketOverrides
  /** In a `node:cluster` primary, how long a scrape waits for each worker. Env `LLMETER_CLUSTER_WORKER_TIMEOUT`. Default 2000 ms. */
  clusterWorkerTimeoutMillis?: number
  /** Upper bound on `shutdown()`. Env `LLMETER_SHUTDOWN_TIMEOUT`. Default 5000 ms. */
  shutdownTimeoutMillis?: number
  /** Flush on normal exit, SIGTERM and SIGINT. Env `LLMETER_FLUSH_ON_EXIT`. Default true. */
  flushOnExit?: boolean
  /** Your prices, per model, `provider:model`, alias or pattern (see docs/pricing.md). Code only; wins over the file. */
  prices?: UserPriceTable
  /** A JSON price table. Env `LLMETER_PRICES_FILE`. Default none (the bundled catalog only). */
  pricesFile?: string
  /** Budgets (see docs/budgets.md). Code only; added to the file's. */
  budgets?: BudgetConfig[]
  /** A JSON file of budgets. Env `LLMETER_BUDGETS_FILE`. Default none. */
  budgetsFile?: string
  /**
   * Where budget spend is kept: a store object, a file path, or a `redis://` URL.
   * Env `LLMETER_BUDGET_STORE`. Default `.llmeter/spend.json` (relative to the working directory).
   */
  budgetStore?: SpendStore | string
  /**
   * Record into this provider instead of building one (e.g. the one your `NodeSDK` made; pass it
   * `llmeterViews()`). Default: the global provider if one is registered, else llmeter's own.
   */
  meterProvider?: MeterProvider
}

export interface ResolvedConfig {
  disabled: boolean
  serviceName: string | undefined
  resourceAttributes: Record<string, string>
  exporters: Set<ExporterName>
  prometheus: ResolvedPrometheusOptions
  otlp: OtlpOptions
  exportIntervalMillis: number
  exportTimeoutMillis: number
  httpMetrics: boolean
  runtimeMetrics: boolean
  instrumentClients: boolean
  maxValuesPerAttribute: number
  attributes: string[]
  providers: Record<string, string>
  buckets: BucketOverrides
  clusterWorkerTimeoutMillis: number
  shutdownTimeoutMillis: number
  flushOnExit: boolean
  meterProvider: MeterProvider | undefined
  prices: UserPriceTable | undefined
  pricesFile: string | undefined
  budgets: BudgetConfig[]
  budgetsFile: string | undefined
  budgetStore: SpendStore | string
}

type Env = Readonly<Record<string, string | undefined>>

const EXPORTERS: readonly ExporterName[] = ['prometheus', 'otlp', 'console', 'none']

class Resolver {
  readonly problems: string[] = []
  constructor(private readonly env: Env) {}

  str(value: unknown, envKey: string): string | undefined {
    if (value !== undefined) {
      if (typeof value === 'string') return value
      this.problems.push(`option for ${envKey} must be a string; ignored`)
    }
    const raw = this.env[envKey]?.trim()
    return raw ? raw : undefined
  }

  bool(value: unknown, envKey: string, fallback: boolean): boolean {
    if (value !== undefined) {
      if (typeof value === 'boolean') return value
      this.problems.push(`option for ${envKey} must be a boolean; using ${fallback}`)
      return fallback
    }
    const raw = this.env[envKey]?.trim().toLowerCase()
    if (!raw) return fallback
    if (raw === 'true' || raw === '1') return true
    if (raw === 'false' || raw === '0') return false
    this.problems.push(`${envKey}=${raw} is not true/false; using ${fallback}`)
    return fallback
  }

  int(value: unknown, envKey: string, fallback: number, min: number, max: number): number {
    const text = this.env[envKey]?.trim()
    // Plain decimal digits only: `Number()` would also take `0x10`, `1e3` or `0b1`.
    const raw =
      value !== undefined ? value : text ? (/^\d{1,15}$/.test(text) ? Number(text) : Number.NaN) : undefined
    if (raw === undefined) return fallback
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max) return raw
    this.problems.push(
      `${envKey} must be an integer from ${min} to ${max} (got ${String(value ?? this.env[envKey])}); using ${fallback}`,
    )
    return fallback
  }

  /** A list of attribute keys: label-safe names only, no duplicates, at most 20. */
  keys(value: unknown, envKey: string): string[] {
    const list =
      value !== undefined
        ? value
        : (this.env[envKey] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
    if (!Array.isArray(list)) {
      this.problems.push(`option for ${envKey} must be an array of attribute keys; ignored`)
      return []
    }
    const out: string[] = []
    for (const key of list) {
      if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.]{0,99}$/.test(key)) {
        this.problems.push(`${envKey}: "${String(key)}" is not an attribute key; ignored`)
      } else if (!out.includes(key) && out.length < 20) out.push(key)
    }
    return out
  }

  exporters(value: unknown): Set<ExporterName> {
    const list =
      value !== undefined
        ? value
        : this.env.OTEL_METRICS_EXPORTER?.split(',')
            .map((s) => s.trim())
            .filter(Boolean)
    if (list === undefined || (Array.isArray(list) && list.length === 0)) return new Set(['prometheus'])
    if (!Array.isArray(list)) {
      this.problems.push('exporters must be an array; using prometheus')
      return new Set(['prometheus'])
    }
    const out = new Set<ExporterName>()
    for (const name of list) {
      if (EXPORTERS.includes(name as ExporterName)) out.add(name as ExporterName)
      else
        this.problems.push(
          `unknown metrics exporter "${String(name)}" ignored (known: ${EXPORTERS.join(', ')})`,
        )
    }
    if (out.has('none')) return new Set(['none'])
    return out.size > 0 ? out : new Set(['prometheus'])
  }
}

const PROVIDERS_ENV = 'LLMETER_PROVIDERS'

function parseKeyValues(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!raw) return out
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    try {
      out[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim())
    } catch {
      // A malformed percent-escape: skip the pair, as the OTel resource spec allows.
    }
  }
  return out
}

/** Resolves options and environment into a full config; never throws. */
export function resolveConfig(
  options: LlmeterOptions = {},
  env: Env = process.env,
): { config: ResolvedConfig; problems: string[] } {
  const o = (options && typeof options === 'object' ? options : {}) as LlmeterOptions
  const r = new Resolver(env)
  const p = (o.prometheus && typeof o.prometheus === 'object' ? o.prometheus : {}) as PrometheusOptions
  const endpoint = r.str(p.endpoint, 'LLMETER_PROMETHEUS_ENDPOINT') ?? '/metrics'
  const config: ResolvedConfig = {
    disabled: r.bool(o.disabled, 'OTEL_SDK_DISABLED', false),
    serviceName: r.str(o.serviceName, 'OTEL_SERVICE_NAME'),
    resourceAttributes: { ...parseKeyValues(env.OTEL_RESOURCE_ATTRIBUTES), ...(o.resourceAttributes ?? {}) },
    exporters: r.exporters(o.exporters),
    prometheus: {
      host: r.str(p.host, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? '127.0.0.1',
      port: r.int(p.port, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, 0, 65535),
      endpoint: endpoint.startsWith('/') ? endpoint : `/${endpoint}`,
      server: r.bool(p.server, 'LLMETER_PROMETHEUS_SERVER', true),
      bearerToken: r.str(p.bearerToken, 'LLMETER_PROMETHEUS_BEARER_TOKEN'),
      basicAuth: r.str(p.basicAuth, 'LLMETER_PROMETHEUS_BASIC_AUTH'),
      allowFrom: Array.isArray(p.allowFrom)
        ? p.allowFrom.filter((a): a is string => typeof a === 'string')
        : (env.LLMETER_PROMETHEUS_ALLOW_FROM ?? '')
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean),
      scrapeTimeoutMillis: r.int(
        p.scrapeTimeoutMillis,
        'LLMETER_PROMETHEUS_SCRAPE_TIMEOUT',
        30_000,
        1,
        3_600_000,
      ),
      maxConcurrentScrapes: r.int(
        p.maxConcurrentScrapes,
        'LLMETER_PROMETHEUS_MAX_CONCURRENT_SCRAPES',
        10,
        1,
        10_000,
      ),
    },
    otlp: o.otlp && typeof o.otlp === 'object' ? o.otlp : {},
    exportIntervalMillis: r.int(o.exportIntervalMillis, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, 1, 86_400_000),
    exportTimeoutMillis: r.int(o.exportTimeoutMillis, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, 1, 86_400_000),
    httpMetrics: r.bool(o.httpMetrics, 'LLMETER_HTTP_METRICS', true),
    runtimeMetrics: r.bool(o.runtimeMetrics, 'LLMETER_RUNTIME_METRICS', true),
    instrumentClients: r.bool(o.instrumentClients, 'LLMETER_INSTRUMENT_CLIENTS', true),
    maxValuesPerAttribute: r.int(
      o.maxValuesPerAttribute,
      'LLMETER_MAX_ATTRIBUTE_VALUES',
      DEFAULT_MAX_VALUES_PER_ATTRIBUTE,
      1,
      100_000,
    ),
    attributes: r.keys(o.attributes, 'LLMETER_ATTRIBUTES'),
    providers: resolveProviders(o.providers, env[PROVIDERS_ENV], r.problems),
    buckets: o.buckets && typeof o.buckets === 'object' ? o.buckets : {},
    clusterWorkerTimeoutMillis: r.int(
      o.clusterWorkerTimeoutMillis,
      'LLMETER_CLUSTER_WORKER_TIMEOUT',
      2_000,
      1,
      600_000,
    ),
    shutdownTimeoutMillis: r.int(o.shutdownTimeoutMillis, 'LLMETER_SHUTDOWN_TIMEOUT', 5_000, 0, 600_000),
    flushOnExit: r.bool(o.flushOnExit, 'LLMETER_FLUSH_ON_EXIT', true),
    meterProvider: o.meterProvider,
    prices: o.prices && typeof o.prices === 'object' ? o.prices : undefined,
    pricesFile: r.str(o.pricesFile, 'LLMETER_PRICES_FILE'),
    budgets: Array.isArray(o.budgets) ? o.budgets : [],
    budgetsFile: r.str(o.budgetsFile, 'LLMETER_BUDGETS_FILE'),
    budgetStore:
      o.budgetStore && typeof o.budgetStore === 'object'
        ? o.budgetStore
        : (r.str(o.budgetStore, 'LLMETER_BUDGET_STORE') ?? '.llmeter/spend.json'),
  }
  if (!config.otlp.protocol) {
    const protocol = env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL
    if (protocol === 'http/json' || protocol === 'http/protobuf') config.otlp = { ...config.otlp, protocol }
    else if (protocol)
      r.problems.push(
        `OTLP protocol "${protocol}" is not supported (use http/protobuf or http/json); using http/protobuf`,
      )
  }
  return { config, problems: r.problems }
}
