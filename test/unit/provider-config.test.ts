import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.js'

describe('the providers option', () => {
  it('is empty by default', () => {
    const { config, problems } = resolveConfig({}, {})
    expect(config.providers).toEqual({})
    expect(problems).toEqual([])
  })

  it('reads LLMETER_PROVIDERS as host[:port]=provider pairs, keys lower-cased, IPv6 brackets removed', () => {
    const { config, problems } = resolveConfig(
      {},
      {
        LLMETER_PROVIDERS:
          ' llm.internal:8000=vllm , Other:80=x, gpu-box=tgi,[::1]:9000=local,10.1.2.3=sglang ',
      },
    )
    expect(problems).toEqual([])
    expect(config.providers).toEqual({
      'llm.internal:8000': 'vllm',
      'other:80': 'x',
      'gpu-box': 'tgi',
      '::1:9000': 'local',
      '10.1.2.3': 'sglang',
    })
  })

  it('takes the code option over the environment', () => {
    const { config, problems } = resolveConfig(
      { providers: { 'llm.internal:8000': 'vllm' } },
      { LLMETER_PROVIDERS: 'other=x' },
    )
    expect(problems).toEqual([])
    expect(config.providers).toEqual({ 'llm.internal:8000': 'vllm' })
  })

  it('drops bad entries with one diagnostic naming them all, and keeps the good ones', () => {
    const { config, problems } = resolveConfig(
      {},
      { LLMETER_PROVIDERS: 'good:8000=vllm,noprovider,bad host=x,h:99999=x,h:1=Upper,h:2=' },
    )
    expect(config.providers).toEqual({ 'good:8000': 'vllm' })
    expect(problems).toEqual([
      'providers: 5 bad entries ignored (noprovider=undefined, bad host=x, h:99999=x, h:1=Upper, h:2=); expected host[:port]=provider, provider in lowercase letters, digits, ".", "_" or "-"',
    ])
  })

  it('refuses a code option that is not an object', () => {
    const { config, problems } = resolveConfig({ providers: ['x'] as never }, {})
    expect(config.providers).toEqual({})
    expect(problems).toEqual(['providers must be an object of host or host:port to provider name; ignored'])
  })

  it('names a bad code entry with its value', () => {
    const { config, problems } = resolveConfig({ providers: { 'a:1': 'ok', 'b:2': 3 as never } }, {})
    expect(config.providers).toEqual({ 'a:1': 'ok' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain('1 bad entry ignored (b:2=3)')
  })
})
