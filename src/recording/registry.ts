/**
 * Which recorder a call records into. There is one recorder per MeterProvider, on that provider's
 * `llmeter` meter: every instrumentation given the same provider, the running instance and the
 * manual API share it, because two recorders on one meter would report the same attribute sets
 * twice from their observable callbacks.
 *
 * @module
 */
import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api'
import { SCHEMA_URL } from '../semconv/metrics.js'
import { METER_NAME, VERSION } from '../version.js'
import { Recorder } from './recorder.js'

// Module state, for two reasons written here: the recorder of a provider must be found again from
// anywhere a call starts (instrumentations and the manual API hold only the provider), and the
// manual API (`llm.start`, `withAgent`, ...) has no handle through which a provider could be passed,
// so it records into the provider of the running instance, set by the lifecycle, or the global one.
const recorders = new WeakMap<MeterProvider, Recorder>()
let defaultProvider: MeterProvider | undefined

/** Where a patched client finds the recorder to use when a call starts. */
export type RecorderSource = () => Recorder

/** llmeter's meter on `provider` (the SDK returns the same object for the same scope). */
export function llmeterMeter(provider: MeterProvider): Meter {
  return provider.getMeter(METER_NAME, VERSION, { schemaUrl: SCHEMA_URL })
}

/** The recorder of `provider`, created on first use and re-attached after a dispose. */
export function recorderFor(provider: MeterProvider): Recorder {
  let recorder = recorders.get(provider)
  if (recorder === undefined) {
    recorder = new Recorder(llmeterMeter(provider))
    recorders.set(provider, recorder)
  } else if (!recorder.attached) {
    recorder.attach()
  }
  return recorder
}

/** The provider the manual API records into; `undefined` means the global one. */
export function setDefaultProvider(provider: MeterProvider | undefined): void {
  defaultProvider = provider
}

/** The recorder the manual API uses now. */
export function defaultRecorder(): Recorder {
  return recorderFor(defaultProvider ?? metrics.getMeterProvider())
}

/** Where an explicitly created integration records: a provider of the app's, else the default. */
export interface RecordInto {
  /** Record into this MeterProvider instead of the running instance's (or the global one). */
  meterProvider?: MeterProvider
}

/** The recorder source for an integration created with `options`. */
export function sourceFor(provider: MeterProvider | undefined): RecorderSource {
  return provider ? () => recorderFor(provider) : defaultRecorder
}
