/**
 * The base of llmeter's client instrumentations. Like every contrib instrumentation, it records
 * into the MeterProvider it is given (`registerInstrumentations({ meterProvider })` or
 * `setMeterProvider()`); without one, into whatever provider is global when a call starts (so an
 * instrumentation registered before the app's SDK sets its provider still records). Calls record
 * into that provider's recorder (recording/registry.ts), shared with everything else llmeter does
 * on that provider.
 *
 * @module
 */
import { type MeterProvider, metrics } from '@opentelemetry/api'
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation'
import type { Recorder } from '../../recording/recorder.js'
import { type RecorderSource, recorderFor } from '../../recording/registry.js'
import { VERSION } from '../../version.js'

export abstract class LlmeterInstrumentation extends InstrumentationBase {
  private provider: MeterProvider | undefined
  /** Where this instrumentation's patches find their recorder when a call starts. */
  protected readonly recorder: RecorderSource = () => this.currentRecorder()

  constructor(name: string, config: InstrumentationConfig = {}) {
    super(`llmeter-${name}`, VERSION, config)
  }

  override setMeterProvider(meterProvider: MeterProvider): void {
    this.provider = meterProvider
    super.setMeterProvider(meterProvider)
  }

  /** Creates the instruments on the provider as soon as it is given (contrib's hook for this). */
  protected override _updateMetricInstruments(): void {
    // The base constructor calls this before this class's fields exist: only a provider set
    // later (setMeterProvider) is worth creating instruments for here.
    if (this.provider) this.currentRecorder()
  }

  private currentRecorder(): Recorder {
    return recorderFor(this.provider ?? metrics.getMeterProvider())
  }
}
