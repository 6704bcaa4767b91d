/**
 * The `providers` option (config.ts): which `gen_ai.provider.name` a host stands for, for servers
 * llmeter cannot tell by name. Its own file because the option has a small grammar of its own
 * (hosts, IPv6 in brackets, ports, provider names) that config.ts only calls. Never throws.
 *
 * @module
 */

/** A host (name, IPv4, or IPv6 in brackets), optionally with `:port`, as a `providers` key. */
const HOST_KEY =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/
/** A provider name: what the conventions' values look like (`vllm`, `azure.ai.openai`, `x_ai`). */
const PROVIDER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/

/**
 * The `providers` table (code) or `LLMETER_PROVIDERS` (`host[:port]=provider`, comma list), keys
 * lower-cased with IPv6 brackets removed (as `server.address` is recorded). Bad entries are left
 * out with one problem naming them all.
 */
export function resolveProviders(
  value: unknown,
  raw: string | undefined,
  problems: string[],
): Record<string, string> {
  let entries: [string, unknown][]
  if (value !== undefined) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push('providers must be an object of host or host:port to provider name; ignored')
      return {}
    }
    entries = Object.entries(value)
  } else {
    entries = (raw ?? '')
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=')
        return eq < 0 ? [pair, undefined] : [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]
      })
  }
  const out: Record<string, string> = {}
  const bad: string[] = []
  for (const [rawKey, provider] of entries) {
    const key = rawKey.trim().toLowerCase()
    const port = HOST_KEY.exec(key)?.[1]
    const valid =
      HOST_KEY.test(key) &&
      (port === undefined || (Number(port) > 0 && Number(port) < 65536)) &&
      typeof provider === 'string' &&
      PROVIDER_NAME.test(provider)
    if (!valid) {
      bad.push(`${rawKey.slice(0, 100)}=${String(provider).slice(0, 100)}`)
      continue
    }
    if (Object.keys(out).length < 100) out[key.replace(/^\[|\](?=(:\d+)?$)/g, '')] = provider
  }
  if (bad.length > 0)
    problems.push(
      `providers: ${bad.length} bad entr${bad.length === 1 ? 'y' : 'ies'} ignored (${bad.join(', ')}); expected host[:port]=provider, provider in lowercase letters, digits, ".", "_" or "-"`,
    )
  return out
}
