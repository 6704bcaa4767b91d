/**
 * Budget validation, for budgets given in code and in a JSON file. Never throws: a bad budget
 * becomes a problem naming it and is dropped; the good ones are kept.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { isValidTimeZone } from './calendar-window.js'
import type { BudgetConfig } from './types.js'

const FIELDS = new Set(['name', 'limitUsd', 'window', 'timeZone', 'match', 'enforce'])

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === undefined || value === null) return String(value)
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

function checkMatch(match: unknown): string | undefined {
  if (match === undefined) return undefined
  if (typeof match !== 'object' || match === null || Array.isArray(match)) {
    return `match must be an object of attribute -> value(s) (got ${describe(match)})`
  }
  for (const [key, value] of Object.entries(match)) {
    const ok =
      typeof value === 'string' ||
      (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
    if (!ok)
      return `match["${key}"] must be a string or a non-empty array of strings (got ${describe(value)})`
  }
  return undefined
}

function checkBudget(
  input: unknown,
  label: string,
  names: Set<string>,
): { budget?: BudgetConfig; problem?: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problem: `${label} must be an object (got ${describe(input)}); dropped` }
  }
  const b = input as Record<string, unknown>
  const name = typeof b.name === 'string' && b.name.trim() !== '' ? b.name.trim() : undefined
  const what = name === undefined ? label : `budget "${name}"`
  const fail = (text: string) => ({ problem: `${what}: ${text}; dropped` })
  if (name === undefined) return fail(`name must be a non-empty string (got ${describe(b.name)})`)
  if (names.has(name)) return fail('a budget with this name is already defined')
  const unknown = Object.keys(b).filter((k) => !FIELDS.has(k))
  if (unknown.length > 0) return fail(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`)
  if (typeof b.limitUsd !== 'number' || !Number.isFinite(b.limitUsd) || b.limitUsd < 0) {
    return fail(`limitUsd must be a number >= 0 (got ${describe(b.limitUsd)})`)
  }
  if (b.window !== 'day' && b.window !== 'month')
    return fail(`window must be "day" or "month" (got ${describe(b.window)})`)
  if (b.timeZone !== undefined && (typeof b.timeZone !== 'string' || !isValidTimeZone(b.timeZone))) {
    return fail(`timeZone must be an IANA time zone such as "Europe/Paris" (got ${describe(b.timeZone)})`)
  }
  const matchProblem = checkMatch(b.match)
  if (matchProblem) return fail(matchProblem)
  if (b.enforce !== undefined && typeof b.enforce !== 'boolean')
    return fail(`enforce must be true or false (got ${describe(b.enforce)})`)
  names.add(name)
  const budget: BudgetConfig = {
    name,
    limitUsd: b.limitUsd,
    window: b.window,
    timeZone: (b.timeZone as string | undefined) ?? 'UTC',
  }
  if (b.match !== undefined) budget.match = b.match as Record<string, string | string[]>
  budget.enforce = b.enforce === true
  return { budget }
}

/**
 * Validates budgets. `where` prefixes problems (e.g. the file path).
 *
 * @example
 * const { budgets, problems } = validateBudgets([{ name: 'daily', limitUsd: 50, window: 'day' }])
 */
export function validateBudgets(
  input: unknown,
  where = 'budgets',
): { budgets: BudgetConfig[]; problems: string[] } {
  const problems: string[] = []
  const budgets: BudgetConfig[] = []
  let list = input
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && 'budgets' in input) {
    list = (input as { budgets: unknown }).budgets
  }
  if (!Array.isArray(list)) {
    problems.push(
      `${where}: expected an array of budgets or { "budgets": [...] } (got ${describe(list)}); ignored`,
    )
    return { budgets, problems }
  }
  const names = new Set<string>()
  list.forEach((item, i) => {
    const { budget, problem } = checkBudget(item, `budget #${i + 1}`, names)
    if (budget) budgets.push(budget)
    if (problem) problems.push(`${where}: ${problem}`)
  })
  return { budgets, problems }
}

/**
 * Reads budgets from a JSON file: an array of budgets, or `{ "budgets": [...] }`. Never throws.
 *
 * @example
 * const { budgets, problems } = loadBudgetsFile('/etc/myapp/budgets.json')
 */
export function loadBudgetsFile(path: string): { budgets: BudgetConfig[]; problems: string[] } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    return { budgets: [], problems: [`budgets file ${path}: cannot be read (${code}); no budgets loaded`] }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    return {
      budgets: [],
      problems: [`budgets file ${path}: not valid JSON (${(err as Error).message}); no budgets loaded`],
    }
  }
  return validateBudgets(parsed, `budgets file ${path}`)
}
