/**
 * OTLP settings given in code. Fields left unset come from the standard `OTEL_EXPORTER_OTLP_*`
 * variables, which the OTLP exporter reads itself.
 *
 * @module
 */
export interface OtlpOptions {
  /** Full metrics URL, e.g. `http://127.0.0.1:4318/v1/metrics`. */
  url?: string
  /** Default `http/protobuf`. */
  protocol?: 'http/protobuf' | 'http/json'
  headers?: Record<string, string>
  timeoutMillis?: number
}
