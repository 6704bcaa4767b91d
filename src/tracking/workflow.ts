/**
 * The workflow tracker: a coordinated process of several agents or other GenAI operations (a
 * LangGraph graph, a pipeline of agents), timed end to end from where the application starts it
 * to where it completes, as `gen_ai.invoke_workflow.duration` with `gen_ai.workflow.name` and, on
 * failure, `error.type`. Agents and tools inside it are recorded by their own trackers.
 *
 * @module
 */
import { type Attributes, createNoopMeter } from '@opentelemetry/api'
import { log } from '../internal/diag.js'
import { Recorder } from '../recording/recorder.js'
import { defaultRecorder } from '../recording/registry.js'
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_WORKFLOW_NAME, OTHER_VALUE } from '../semconv/attributes.js'
import type { ErrorType } from '../semconv/error-types.js'
import { nameOf, Outcome, withErrorType } from './outcome.js'

/** One workflow execution in flight. */
export class WorkflowInvocation extends Outcome {
  protected readonly what = 'workflow'
  private readonly recorder: Recorder
  private readonly attrs: Attributes

  constructor(workflowName: string, recorder: Recorder) {
    super()
    this.recorder = recorder
    this.attrs = {
      [ATTR_GEN_AI_WORKFLOW_NAME]: recorder.limiter.admit(ATTR_GEN_AI_WORKFLOW_NAME, nameOf(workflowName)),
    }
  }

  protected record(seconds: number, errorType: ErrorType | undefined): void {
    this.recorder.instruments.workflowDuration.record(
      seconds,
      withErrorType(this.attrs, ATTR_ERROR_TYPE, errorType),
    )
  }
}

/**
 * Starts a workflow execution by hand, in `recorder` (default: the running instance's). End it
 * once with `end()` or `fail(error)`. Never throws; when tracking cannot start, the workflow
 * returned records nothing.
 *
 * @example
 * const workflow = startWorkflow('trip-planner')
 * try { await planTrip(); workflow.end() } catch (err) { workflow.fail(err); throw err }
 */
export function startWorkflow(workflowName: string, recorder?: Recorder): WorkflowInvocation {
  try {
    return new WorkflowInvocation(workflowName, recorder ?? defaultRecorder())
  } catch (err) {
    log.debug('startWorkflow failed', err)
    const noop = new WorkflowInvocation(OTHER_VALUE, new Recorder(createNoopMeter()))
    noop.end()
    return noop
  }
}

/**
 * Runs `fn` as one execution of workflow `workflowName`, recording its duration and outcome.
 * Returns (or throws) exactly what `fn` does.
 *
 * @example
 * const itinerary = await withWorkflow('trip-planner', async () => {
 *   const flights = await withAgent('flights', () => searchFlights(request))
 *   return withAgent('hotels', () => bookHotel(flights))
 * })
 */
export async function withWorkflow<T>(workflowName: string, fn: () => Promise<T> | T): Promise<T> {
  const workflow = startWorkflow(workflowName)
  try {
    const result = await fn()
    workflow.end()
    return result
  } catch (err) {
    workflow.fail(err)
    throw err
  }
}
