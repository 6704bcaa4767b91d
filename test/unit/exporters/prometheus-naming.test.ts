import { describe, expect, it } from 'vitest'
import { prometheusLabelName, prometheusMetricName } from '../../../src/exporters/prometheus/naming.js'

// Expected names are what Prometheus's OTLP receiver produces by default (otlptranslator,
// UnderscoreEscapingWithSuffixes, leading-underscore sanitization, multiple underscores kept);
// otlptranslator's own tables are in otlptranslator-cases.ts.
describe('OTel to Prometheus names', () => {
  it.each([
    ['gen_ai.client.operation.duration', 's', 'histogram', 'gen_ai_client_operation_duration_seconds'],
    ['gen_ai.client.token.usage', '{token}', 'histogram', 'gen_ai_client_token_usage'],
    ['llmeter.llm.requests', '{request}', 'counter', 'llmeter_llm_requests_total'],
    ['llmeter.llm.cost', 'usd', 'counter', 'llmeter_llm_cost_usd_total'],
    ['llmeter.llm.active_requests', '{request}', 'gauge', 'llmeter_llm_active_requests'],
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['system.memory.usage', 'By', 'gauge', 'system_memory_usage_bytes'],
    ['net.io', 'By/s', 'counter', 'net_io_bytes_per_second_total'],
    ['cpu.utilization', '1', 'gauge', 'cpu_utilization_ratio'],
    ['requests.total', '1', 'counter', 'requests_total'],
    ['latency.seconds', 's', 'histogram', 'latency_seconds'],
    ['foo__bar...baz', '', 'gauge', 'foo_bar_baz'],
    ['3xx.count', '', 'counter', '_3xx_count_total'],
    ['queue.fill', '1', 'updowncounter', 'queue_fill'],
    ['queue.fill', '1', 'gauge', 'queue_fill_ratio'],
    // Units are host input: Object.prototype keys are units like any other.
    ['g', 'constructor', 'gauge', 'g_constructor'],
    ['g', 'toString', 'gauge', 'g_toString'],
    ['g', 'hasOwnProperty', 'gauge', 'g_hasOwnProperty'],
    ['g', '__proto__', 'gauge', 'g_proto_'],
    ['g', 'By/constructor', 'gauge', 'g_bytes_per_constructor'],
    ['g', 'By/valueOf', 'gauge', 'g_bytes_per_valueOf'],
    // Go's TrimSpace: U+0085 is space, U+FEFF is not (then escaped like any invalid character).
    ['g', '\u0085s\u0085', 'gauge', 'g_seconds'],
    ['g', '\ufeffs', 'gauge', 'g_s'],
    ['@#$%', '', 'gauge', undefined],
    ['@#$%', '', 'counter', 'total'],
    ['@#$%', 's', 'gauge', 'seconds'],
  ] as const)('%s (%s, %s) -> %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected)
  })

  it.each([
    ['gen_ai.request.model', 'gen_ai_request_model'],
    ['error.type', 'error_type'],
    ['2fa.method', 'key_2fa_method'],
    ['_private', 'key_private'],
    ['a😀b', 'a_b'],
    ['a😀😀b', 'a__b'],
    ['_', 'key_'],
    ['😀', 'key_'],
    ['__name__', '__name__'],
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ['😀😀', undefined],
    ['___', undefined],
  ])('label %s -> %s', (key, expected) => {
    expect(prometheusLabelName(key)).toBe(expected)
  })
})
