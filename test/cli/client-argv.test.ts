import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import fc from 'fast-check'
import { readClientArgv } from '../../src/cli/client-argv.ts'
import { eventOptions, globalOptions, runOptions, type ClientOption } from '../../src/cli/client-options.ts'

const table = [...globalOptions, ...eventOptions, ...runOptions]

/** util.parseArgs with the same table: each long name an option, the short on the last long name. */
function withParseArgs(args: string[]): { options: Record<string, unknown>; positionals: string[] } | undefined {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const option of table) {
    for (const long of option.long) {
      options[long] = {
        type: option.value ? 'string' : 'boolean',
        ...(option.short && long === option.long.at(-1) ? { short: option.short } : {}),
        ...(option.multiple ? { multiple: true } : {}),
      }
    }
  }
  let parsed
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch {
    return undefined
  }
  const byKey: Record<string, unknown> = {}
  for (const option of table) for (const long of option.long) if (parsed.values[long] !== undefined) byKey[option.key] = parsed.values[long]
  return { options: byKey, positionals: parsed.positionals }
}

const words = [
  'start', 'ctx', 'a.b', '-', '--', 'run', '--rh', '--remotehost', 'h', '--rp=9', '--rp', '--remoteport=', '-n', 'web1',
  '-a', '-i', '-ai', '-nweb1', '--autohost', '--autoip=1', '--http', '--timeout', '5', '--timeline', '--timeline=7',
  '--status', 'error', '--message', '-x', '--attr', 'k=v', '--attr=a=b', '--strict', '--unknown', '--=x', '-', 'x=y',
]

test('reads every command line as util.parseArgs does, or leaves it to the full program', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...words), { maxLength: 9 }), (args) => {
      const ours = readClientArgv(args, table)
      const theirs = withParseArgs(args)
      const glued = args.some((arg) => /^-[^-]./.test(arg)) // -ai, -nweb1: left to the full program
      if (!glued) assert.equal(ours === undefined, theirs === undefined, `one refuses ${JSON.stringify(args)}`)
      if (ours === undefined) return // the full program (commander) reads it
      // two names of one option (--rh and --remotehost): ours keeps the last given, parseArgs keeps both names
      const aliases = table.some((o: ClientOption) => o.long.filter((l) => args.some((a) => a === `--${l}` || a.startsWith(`--${l}=`))).length > 1)
      assert.ok(theirs !== undefined, `parseArgs refuses ${JSON.stringify(args)}, which was read as ${JSON.stringify(ours)}`)
      if (!aliases) assert.deepEqual(ours, theirs, JSON.stringify(args))
      else assert.deepEqual(ours.positionals, theirs.positionals)
    }),
    { numRuns: 3_000 },
  )
})

test('reads the forms a CI step writes', () => {
  assert.deepEqual(readClientArgv(['--rh', 'h', 'start', 'ctx', 'a.b', '--attr', 'k=v', '--attr=x=y', '-n', 'web1', '-a', '--status=ok'], table), {
    options: { remotehost: 'h', attr: ['k=v', 'x=y'], hostname: 'web1', autohost: true, status: 'ok' },
    positionals: ['start', 'ctx', 'a.b'],
  })
  assert.deepEqual(readClientArgv(['start', '--', '-ctx', '--b'], table), { options: {}, positionals: ['start', '-ctx', '--b'] })
  assert.deepEqual(readClientArgv(['--rh', 'a', '--remotehost', 'b'], table)?.options, { remotehost: 'b' }, 'the last name given wins')
})

test('leaves grouped short options, unknown options and missing values to the full program', () => {
  for (const args of [['-ai'], ['-nweb1'], ['--nope'], ['--rp'], ['--rp', '--http'], ['--http=yes'], ['-z']]) {
    assert.equal(readClientArgv(args, table), undefined, args.join(' '))
  }
})
