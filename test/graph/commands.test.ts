// `upto edge` reports calls from a shell; `upto graph` shows the collector's graph as a table (unhealthy in red),
// DOT, Mermaid or JSON.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { nodeIdOfName } from '../../src/facets/graph/edge-command.ts'
import { run } from '../../src/program.ts'
import { startCollector, type Collector } from '../../src/server/collector.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { captureIo } from '../helpers/cli-io.ts'

const T = Date.UTC(2026, 11, 2, 12, 0, 0)
let collector: Collector
let port: string

before(async () => {
  collector = await startCollector({ store: createMemoryStore(), port: 0, log: () => {} })
  port = String(collector.httpPort)
})
after(() => collector.close())

async function upto(argv: string[], env: Record<string, string> = {}, at = T) {
  const io = captureIo([...argv, '--rp', port], env, at)
  const code = await run(io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('upto edge and upto graph', () => {
  test('reports edges by name, and shows them with counts and error rates, unhealthy in red on a terminal', async () => {
    assert.deepEqual(await upto(['edge', 'web', 'api', '-n', '38']), { code: 0, out: '', err: '' })
    assert.equal((await upto(['edge', 'web', 'api', '--count', '2'])).code, 0)
    assert.equal((await upto(['edge', 'api', 'db', '--status', 'ok', '-n', '3'])).code, 0)
    assert.equal((await upto(['edge', 'api', 'db', '--status', 'unexpected_error', '-n', '1', '--description', 'SELECT'])).code, 0)
    const shown = await upto(['graph', '--project', '1'], {}, T + 10 * 60_000)
    assert.equal(shown.code, 0)
    assert.equal(shown.out, [
      'project 1, last 1h: 2 edges',
      'FROM  TO   CALLS  ERRORS',
      'api   db       4   25.0%  unhealthy',
      'web   api     40    0.0%',
      '',
      'SERVICES (calls in)',
      'api        40    0.0%',
      'db          4   25.0%  unhealthy',
      '',
    ].join('\n'))
    const coloured = await upto(['graph'], { FORCE_COLOR: '1' }, T + 10 * 60_000) // the first project, in colour
    assert.match(coloured.out, /\x1b\[31mapi   db       4   25\.0%  unhealthy\x1b\[39m/)
    const later = await upto(['graph', '--since', '5m'], {}, T + 10 * 60_000)
    assert.match(later.out, /no edges in this window/)
  })

  test('writes DOT, Mermaid and the JSON of /api/graph', async () => {
    await upto(['edge', 'web', 'api', '--project', '2'])
    const api = nodeIdOfName(2, 'api')
    const dot = await upto(['graph', '--project', '2', '--format', 'dot'])
    assert.match(dot.out, /^digraph servicegraph \{\n/)
    assert.match(dot.out, new RegExp(`"${nodeIdOfName(2, 'web')}" -> "${api}" \\[label="1 \\(0\\.0% errors\\)"\\];`))
    const mermaid = await upto(['graph', '--project', '2', '--format', 'mermaid'])
    assert.match(mermaid.out, /^flowchart LR\n {2}n1\["(web|api)"\]\n {2}n2\["(web|api)"\]\n {2}n\d -->\|"1 \(0\.0% errors\)"\| n\d\n$/)
    const json = JSON.parse((await upto(['graph', '--project', '2', '--format', 'json'])).out)
    assert.deepEqual(json.edges.map((e: any) => [e.to_node_id, e.status_ok]), [[api, 1]])
  })

  test('says what is wrong with a bad value, and exits 2', async () => {
    for (const [argv, message] of [
      [['edge', 'a', 'b', '--status', 'fine'], /invalid --status "fine": expected ok, expected_error, unexpected_error/],
      [['edge', 'a', 'b', '-n', '0'], /invalid -n "0"/],
      [['graph', '--since', 'soon'], /invalid --since "soon"/],
      [['graph', '--format', 'png'], /invalid --format "png": expected text, dot, mermaid, json/],
    ] as const) {
      const result = await upto([...argv])
      assert.equal(result.code, 2, argv.join(' '))
      assert.match(result.err, message)
    }
  })

  test('a name is always the same node, a UUID is taken as it is', () => {
    assert.equal(nodeIdOfName(1, 'api'), nodeIdOfName(1, 'api'))
    assert.notEqual(nodeIdOfName(1, 'api'), nodeIdOfName(2, 'api'))
    assert.match(nodeIdOfName(1, 'api'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
