// A child process for the file store tests: adds `step` USD under `key` in a loop through
// FileSpendStore, printing "ack <total>" after each acknowledged add, then "done". Loads the
// TypeScript source through Node's type stripping, mapping the `.js` import specifiers to `.ts`.
// Usage: node spend-writer.fixture.mjs <file> <key> <step> <count>   (count 0 = forever)
import { registerHooks } from 'node:module'

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context)
    } catch (err) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return next(`${specifier.slice(0, -3)}.ts`, context)
      throw err
    }
  },
})

const { FileSpendStore } = await import('../../../src/budgets/file-store.ts')
const [file, key, step, count] = process.argv.slice(2)
const store = new FileSpendStore({ path: file })
const n = Number(count)
process.stdout.write('ready\n')
for (let i = 0; n === 0 || i < n; i++) {
  const total = await store.add(key, Number(step))
  process.stdout.write(`ack ${total}\n`)
}
process.stdout.write('done\n')
