/**
 * The label set of one data point in the text exposition, built as Prometheus's OTLP receiver
 * builds it from the same attributes: every key through `prometheusLabelName`; keys that collide
 * after escaping (`a.b` and `a_b`) merge into one label whose values are joined with `;` in the
 * sorted order of the original keys; `__name__` never appears (the receiver overwrites it with the
 * metric name, and a second `__name__` fails the whole scrape in Prometheus).
 *
 * @module
 */
import type { Attributes, AttributeValue } from '@opentelemetry/api'
import { warnOnce } from '../../internal/diag.js'
import { prometheusLabelName } from './naming.js'

function valueText(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

/** Go's string order (UTF-8 bytes, i.e. code points), not JavaScript's UTF-16 unit order. */
function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]()
  const right = b[Symbol.iterator]()
  for (;;) {
    const l = left.next()
    const r = right.next()
    if (l.done || r.done) return l.done === r.done ? 0 : l.done ? -1 : 1
    const diff = l.value.codePointAt(0)! - r.value.codePointAt(0)!
    if (diff !== 0) return diff
  }
}

/** The label name of `key`, or undefined (after one diagnostic) when the point must be dropped. */
function nameOf(key: string): string | undefined {
  const label = prometheusLabelName(key)
  if (label === undefined) {
    warnOnce(
      `prom-label:${key}`,
      `attribute key ${JSON.stringify(key)} has no valid Prometheus label name; its data points are not served`,
    )
  }
  return label
}

function dropsName(key: string): void {
  warnOnce(
    `prom-label-name:${key}`,
    `attribute ${JSON.stringify(key)} would be the reserved label __name__; it is left out`,
  )
}

/** When two keys collide: all labels in sorted key order, colliding values joined with `;`. */
function mergedLabels(attributes: Attributes, omit: string | undefined): string | undefined {
  const keys = Object.keys(attributes)
    .filter((k) => attributes[k] !== undefined)
    .sort(compareCodePoints)
  const merged = new Map<string, string>()
  for (const key of keys) {
    const label = nameOf(key)
    if (label === undefined) return undefined
    if (label === '__name__') dropsName(key)
    if (label === '__name__' || label === omit) continue
    const text = valueText(attributes[key]!)
    const existing = merged.get(label)
    // As the receiver: an empty first value is replaced, not joined.
    merged.set(label, existing === undefined || existing === '' ? text : `${existing};${text}`)
  }
  let out = ''
  for (const [label, text] of merged) out += `${out === '' ? '{' : ','}${label}="${escapeLabelValue(text)}"`
  return out
}

/**
 * `{a="x",b="y"` without the closing brace, '' for no labels, or `undefined` when an attribute
 * key cannot be named (the reference drops such a data point). `omit` leaves one label out: a
 * histogram's bucket lines pass `le`, which the bound replaces there.
 */
export function openLabels(attributes: Attributes, omit?: string): string | undefined {
  let out = ''
  const used = new Set<string>()
  for (const key of Object.keys(attributes)) {
    const value = attributes[key]
    if (value === undefined) continue
    const label = nameOf(key)
    if (label === undefined) return undefined
    if (used.has(label)) return mergedLabels(attributes, omit)
    used.add(label)
    if (label === '__name__') {
      dropsName(key)
      continue
    }
    if (label === omit) continue
    out += `${out === '' ? '{' : ','}${label}="${escapeLabelValue(valueText(value))}"`
  }
  return out
}

/** Whether labels built by `openLabels` hold `label` (values never hold an unescaped `"`). */
export function hasLabel(labels: string, label: string): boolean {
  return labels.includes(`{${label}="`) || labels.includes(`,${label}="`)
}
