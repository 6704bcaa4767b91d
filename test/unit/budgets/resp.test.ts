import { describe, expect, it } from 'vitest'
import { parseRedisUrl } from '../../../src/budgets/redis-connection.js'
import { encodeCommand, RespError, RespParser } from '../../../src/budgets/resp.js'

describe('RESP codec', () => {
  it('encodes commands as arrays of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['INCRBYFLOAT', 'k€', '0.5']).toString()).toBe(
      '*3\r\n$11\r\nINCRBYFLOAT\r\n$4\r\nk€\r\n$3\r\n0.5\r\n',
    )
  })

  it('parses every reply type, across chunk boundaries', () => {
    const wire = Buffer.from('+OK\r\n-ERR wrong type\r\n:42\r\n$5\r\n10.25\r\n$-1\r\n*2\r\n$1\r\na\r\n:1\r\n')
    const parser = new RespParser()
    const replies = []
    for (let i = 0; i < wire.length; i += 3) replies.push(...parser.push(wire.subarray(i, i + 3)))
    expect(replies.slice(0, 1)).toEqual(['OK'])
    expect(replies[1]).toBeInstanceOf(RespError)
    expect((replies[1] as RespError).message).toBe('ERR wrong type')
    expect(replies.slice(2)).toEqual([42, '10.25', null, ['a', 1]])
  })

  it('reads host, port, credentials and database from a redis:// URL', () => {
    expect(parseRedisUrl('redis://:s%40cret@10.0.0.5:6380/2')).toEqual({
      host: '10.0.0.5',
      port: 6380,
      password: 's@cret',
      db: 2,
    })
    expect(parseRedisUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379 })
    expect(() => parseRedisUrl('http://x')).toThrow(/redis:\/\//)
  })
})
