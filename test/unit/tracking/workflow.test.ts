import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withAgent } from '../../../src/tracking/agent.js'
import { startWorkflow, withWorkflow } from '../../../src/tracking/workflow.js'
import { createHarness, type Harness } from '../../support/harness.js'

describe('the workflow tracker', () => {
  let h: Harness
  beforeEach(() => {
    h = createHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('withWorkflow returns what its function returns and records one duration by workflow name', async () => {
    const result = { itinerary: 3 }
    const got = await withWorkflow('trip', () => withAgent('flights', () => result))
    expect(got).toBe(result)
    const point = await h.histogram('gen_ai.invoke_workflow.duration', { 'gen_ai.workflow.name': 'trip' })
    expect(point?.count).toBe(1)
    // 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200 and +Inf; a quick run is in the first.
    expect(point?.counts).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(
      (await h.histogram('gen_ai.invoke_agent.duration', { 'gen_ai.agent.name': 'flights' }))?.count,
    ).toBe(1)
  })

  it('withWorkflow rethrows the very same error and records its type', async () => {
    const error = Object.assign(new Error('slow'), { name: 'TimeoutError' })
    await expect(withWorkflow('trip', () => Promise.reject(error))).rejects.toBe(error)
    const attrs = { 'gen_ai.workflow.name': 'trip', 'error.type': 'timeout' }
    expect((await h.histogram('gen_ai.invoke_workflow.duration', attrs))?.count).toBe(1)
  })

  it('a workflow started by hand ends once, and an empty name is recorded as _OTHER', async () => {
    const workflow = startWorkflow('')
    workflow.end()
    workflow.fail(new Error('late'))
    const point = await h.histogram('gen_ai.invoke_workflow.duration', { 'gen_ai.workflow.name': '_OTHER' })
    expect(point?.count).toBe(1)
    const metric = await h.metric('gen_ai.invoke_workflow.duration')
    expect(metric?.dataPoints).toHaveLength(1)
  })
})
