import { describe, expect, it } from 'vitest'
import { hasLabel, openLabels } from '../../../src/exporters/prometheus/labels.js'

describe('label sets of a data point', () => {
  it('keeps the attribute order when nothing collides', () => {
    expect(openLabels({ 'z.z': 'a', b: 1, c: true, d: ['x', 'y'] })).toBe(
      '{z_z="a",b="1",c="true",d="[\\"x\\",\\"y\\"]"',
    )
    expect(openLabels({})).toBe('')
    expect(openLabels({ a: undefined })).toBe('')
  })

  it('merges colliding keys in code-point order; an empty first value is replaced, not joined', () => {
    expect(openLabels({ a_b: 'x', 'a.b': '' })).toBe('{a_b="x"')
    expect(openLabels({ a_b: '', 'a.b': 'x' })).toBe('{a_b="x;"')
    expect(openLabels({ 'a.b': 'q"1', a_b: 'n\n2', c: 'c' })).toBe('{a_b="q\\"1;n\\n2",c="c"')
  })

  it('leaves out __name__ and an omitted label, and refuses a key with no name', () => {
    expect(openLabels({ __name__: 'x', a: 'y' })).toBe('{a="y"')
    expect(openLabels({ le: 'x', a: 'y' }, 'le')).toBe('{a="y"')
    expect(openLabels({ a: 'y', __: 'x' })).toBeUndefined()
    expect(openLabels({ a_b: 'y', 'a.b': 'z', __: 'x' })).toBeUndefined()
  })

  it('finds a label by name, never inside a value', () => {
    expect(hasLabel('{le="1"', 'le')).toBe(true)
    expect(hasLabel('{a="x",le="1"', 'le')).toBe(true)
    expect(hasLabel('{a="x,le=\\"1"', 'le')).toBe(false)
    expect(hasLabel('{ale="1"', 'le')).toBe(false)
  })
})
