// The shape of src/, checked: the pure core does no I/O, folders do not import each other in a circle, and a
// facet never imports another facet (facets/types.ts).

import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const src = fileURLToPath(new URL('../../src/', import.meta.url))

/** Libraries that reach outside the process: files, sockets, databases, terminals. */
const io = /^(node:|pg$|level$|classic-level$|hono|@hono\/|@nats-io\/|mqtt$|commander$|chalk$|smol-toml$)/

interface Import {
  from: string
  /** A path under src/ for a relative import, else the package's name. */
  to: string
  local: boolean
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return files(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

function importOf(file: string, spec: string): Import {
  const local = spec.startsWith('.')
  return { from: relative(src, file), to: local ? relative(src, resolve(dirname(file), spec)) : spec, local }
}

/** Every import of every file: `to` a path under src/ for relative imports, else the package's name. */
function imports(): Import[] {
  const found: Import[] = []
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8')
    for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?(?:from\s*)?['"]([^'"]+)['"]/g)) {
      found.push(importOf(file, spec!))
    }
    for (const [, spec] of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(importOf(file, spec!))
  }
  return found
}

/** The unit of layering: a folder of src/ or a file at its top; under facets/, each facet, the interface and the list. */
function unit(path: string): string {
  const [first, second] = path.split('/')
  return first === 'facets' && second !== undefined ? `facets/${second}` : first!
}

const all = imports()
const local = all.filter((i) => i.local)

test('the pure core, and each facet\'s model, import no I/O library and nothing outside them', () => {
  const pure = (path: string) => path.startsWith('core/') || /^facets\/[^/]+\/model\//.test(path)
  const wrong = all.filter((i) => pure(i.from) && (i.local ? !pure(i.to) : io.test(i.to)))
  assert.deepEqual(wrong.map((i) => `${i.from} imports ${i.to}`), [])
})

test('no facet imports another facet', () => {
  const facetOf = (path: string) => /^facets\/([^/]+)\//.exec(path)?.[1]
  const wrong = local.filter((i) => {
    const from = facetOf(i.from)
    const to = facetOf(i.to)
    return from !== undefined && to !== undefined && from !== to
  })
  assert.deepEqual(wrong.map((i) => `${i.from} imports ${i.to}`), [])
})

test('no import cycle between folders', () => {
  const edges = new Map<string, Set<string>>()
  const why = new Map<string, string>()
  for (const i of local) {
    const a = unit(i.from)
    const b = unit(i.to)
    if (a === b) continue
    if (!edges.has(a)) edges.set(a, new Set())
    edges.get(a)!.add(b)
    why.set(`${a}>${b}`, `${i.from} imports ${i.to}`)
  }
  // Tarjan's strongly connected components: any of more than one folder is a cycle
  let index = 0
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (v: string) => {
    order.set(v, index)
    low.set(v, index++)
    stack.push(v)
    for (const w of edges.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!))
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = []
      let w: string
      do component.push((w = stack.pop()!))
      while (w !== v)
      if (component.length > 1) cycles.push(component.sort())
    }
  }
  for (const v of edges.keys()) if (!order.has(v)) visit(v)
  const explained = cycles.map((c) => `${c.join(' ↔ ')}: ${c.flatMap((a) => c.map((b) => why.get(`${a}>${b}`))).filter(Boolean).join('; ')}`)
  assert.deepEqual(explained, [])
})

test('the checks see the imports they check', () => {
  // a change of the import syntax that the patterns miss would make the tests above pass on nothing
  assert.ok(all.some((i) => i.from === 'server/app.ts' && i.to === 'facets/index.ts'), 'server/app.ts imports facets/index.ts')
  assert.ok(all.some((i) => i.from.startsWith('core/') && i.to.startsWith('core/')))
  assert.ok(local.length > 500, `${local.length} local imports`)
})
