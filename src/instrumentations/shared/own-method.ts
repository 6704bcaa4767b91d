/**
 * Wraps a method on a class prototype as an own property, even when the class inherits it (the
 * MCP SDK's `Client` and `Server` inherit `connect` and `request` from `Protocol`; patching
 * `Protocol` itself would reach every subclass). The original is kept on the wrapper for
 * unpatching, and wrapping twice is a no-op. Also the side-channel observer of a result that may
 * or may not be a promise.
 *
 * @module
 */

const ORIGINAL = Symbol.for('llmeter.own-method.original')
type Fn = ((...args: any[]) => any) & { [ORIGINAL]?: { fn: Fn; own: boolean } }

/**
 * Puts `make(original)` on `proto[key]` (an own property, even when the method is inherited from
 * the SDK's `Protocol`), unless it is already ours. True when it patched.
 */
export function wrapMethod(proto: any, key: string, make: (original: Fn) => Fn): boolean {
  const original = proto?.[key] as Fn | undefined
  if (typeof original !== 'function' || original[ORIGINAL]) return false
  const wrapped = make(original)
  wrapped[ORIGINAL] = { fn: original, own: Object.hasOwn(proto, key) }
  proto[key] = wrapped
  return true
}

/** Undoes {@link wrapMethod}. */
export function unwrapMethod(proto: any, key: string): void {
  const current = proto?.[key] as Fn | undefined
  const saved = current?.[ORIGINAL]
  if (!saved || !Object.hasOwn(proto, key)) return
  if (saved.own) proto[key] = saved.fn
  else delete proto[key]
}

/**
 * Calls `onResult` or `onError` when `value` (a promise or a plain value) settles, without
 * changing it: the handlers are attached to the host's promise, so its own rejection still
 * reaches the host, and ours is handled.
 */
export function observe(value: unknown, onResult: (r: unknown) => void, onError: (e: unknown) => void): void {
  if (value && typeof (value as PromiseLike<unknown>).then === 'function') {
    ;(value as PromiseLike<unknown>).then(onResult, onError)
  } else onResult(value)
}
