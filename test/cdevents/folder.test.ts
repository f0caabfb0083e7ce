// The folder source: .json and .jsonl files read once each, across restarts (a checkpoint), a file still being
// written not read half, malformed ones counted and skipped; on a collector, CDEvents from a folder in the lake.

import assert from 'node:assert/strict'
import { appendFile, mkdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { openFolderReader, type FolderItems } from '../../src/sources/folder/reader.ts'
import { startCollector } from '../../src/server/collector.ts'
import { cdeventLake } from '../../src/facets/cdevents/store.ts'
import { createMemoryStore } from '../../src/store/memory.ts'
import { tempFolder } from '../store/temp-folder.ts'
import { eventually } from '../server/udp-client.ts'
import { fixture } from './fixtures.ts'

let folder: { dir: string; remove: () => Promise<void> }
before(async () => {
  folder = await tempFolder()
})
after(() => folder.remove())

function reader(path: string, clock: { now: number }) {
  const taken: FolderItems[] = []
  const counted: string[] = []
  const open = () => openFolderReader({
    path, globs: ['**/*.json', '**/*.jsonl'], checkpoint: join(path, '..', `${path.split('/').pop()}.checkpoint.json`), settle: 1_000, batch: 3,
    now: () => clock.now, take: async (b) => void taken.push(b), count: (outcome, file) => void counted.push(`${outcome} ${file}`),
  })
  return { taken, counted, open }
}

/** Files modified a minute ago: settled. */
async function old(path: string): Promise<void> {
  const t = new Date(Date.now() - 60_000)
  await utimes(path, t, t)
}

describe('the folder reader', () => {
  test('reads .json and .jsonl once, in batches of whole files, skips other files and counts malformed ones', async () => {
    const dir = join(folder.dir, 'a')
    await mkdir(join(dir, 'sub'), { recursive: true })
    const files: Record<string, string> = {
      'one.json': JSON.stringify({ n: 1 }),
      'many.jsonl': `${JSON.stringify({ n: 2 })}\n\n${JSON.stringify({ n: 3 })}\n`,
      'array.json': JSON.stringify([{ n: 4 }, { n: 5 }]),
      'sub/deep.json': JSON.stringify({ n: 6 }),
      'broken.json': '{"n": ',
      'notes.txt': 'not read',
    }
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text)
      await old(join(dir, name))
    }
    const clock = { now: Date.now() }
    const r = reader(dir, clock)
    const source = await r.open()
    assert.equal(await source.scan(), 0, 'first seen: not read yet')
    assert.equal(await source.scan(), 4)
    assert.deepEqual(r.taken.flatMap((b) => b.items.map((i: any) => i.n)).sort(), [1, 2, 3, 4, 5, 6])
    assert.ok(r.taken.every((b) => b.items.length <= 3 || b.files.length === 1), 'batches of at most 3 items, files never split')
    assert.deepEqual(r.counted.sort(), ['malformed broken.json', 'read array.json', 'read many.jsonl', 'read one.json', 'read sub/deep.json'])
    assert.equal(await source.scan(), 0)
    assert.equal(r.counted.length, 5, 'the malformed file is not counted again')

    // a restart: the checkpoint says what was read
    const again = reader(dir, clock)
    const reopened = await again.open()
    await writeFile(join(dir, 'new.json'), JSON.stringify({ n: 7 }))
    await old(join(dir, 'new.json'))
    await reopened.scan()
    assert.equal(await reopened.scan(), 1)
    assert.deepEqual(again.taken.flatMap((b) => b.items), [{ n: 7 }])
    const checkpoint = JSON.parse(await readFile(join(folder.dir, 'a.checkpoint.json'), 'utf8'))
    assert.ok(checkpoint.files.includes('new.json') && checkpoint.files.includes('broken.json'))
  })

  test('a file still being written is not read half: it waits until it stops changing and has settled', async () => {
    const dir = join(folder.dir, 'b')
    await mkdir(dir, { recursive: true })
    const clock = { now: Date.now() }
    const r = reader(dir, clock)
    const source = await r.open()
    const file = join(dir, 'slow.json')
    await writeFile(file, '{"context": ')
    assert.equal(await source.scan(), 0)
    await appendFile(file, '{"id": "x"}, ')
    assert.equal(await source.scan(), 0, 'it grew since the last scan')
    await appendFile(file, '"subject": {}}')
    assert.equal(await source.scan(), 0)
    assert.equal(await source.scan(), 0, 'unchanged, but changed less than settle ago')
    clock.now += 5_000
    assert.equal(await source.scan(), 1)
    assert.deepEqual(r.taken[0]!.items, [{ context: { id: 'x' }, subject: {} }])
    assert.deepEqual(r.counted, ['read slow.json'])
  })
})

describe('a folder source of CDEvents on a collector', () => {
  test('its events reach the lake, and a restart reads nothing again', async () => {
    const dir = join(folder.dir, 'events')
    await mkdir(dir, { recursive: true })
    const checkpoint = join(folder.dir, 'events.checkpoint.json')
    const sources = [{ name: 'drop', type: 'folder', enabled: true, format: 'cdevents', options: { path: dir, interval: 10, settle: 0, checkpoint } }]
    const a = fixture('v0.4.1', 'service_deployed.json')
    const b = fixture('v0.5.1', 'incident_detected.json')
    await writeFile(join(dir, 'deployed.json'), JSON.stringify(a))
    await writeFile(join(dir, 'more.jsonl'), `${JSON.stringify(b)}\n`)
    await writeFile(join(dir, 'bad.json'), 'nope')
    const store = createMemoryStore()
    const lake = cdeventLake(store.state('cdevents'))
    let collector = await startCollector({ store, port: 0, log: () => {}, sources })
    const metrics = async () => (await fetch(`http://127.0.0.1:${collector.httpPort}/metrics`)).text()
    await eventually(async () => ((await lake.history(['service', 'incident'])).length === 2 ? true : undefined))
    await eventually(async () => (/upto_folder_files_total\{reason="drop:malformed"\} 1/.test(await metrics()) ? true : undefined))
    assert.match(await metrics(), /upto_folder_files_total\{reason="drop:read"\} 2/)
    await collector.close()

    collector = await startCollector({ store, port: 0, log: () => {}, sources })
    const c = fixture('v0.3.0', 'build_finished.json')
    await writeFile(join(dir, 'later.json'), JSON.stringify(c))
    await eventually(async () => ((await lake.history(['build'])).length === 1 ? true : undefined))
    const after = await metrics()
    assert.match(after, /upto_folder_files_total\{reason="drop:read"\} 1/)
    assert.doesNotMatch(after, /drop:malformed/)
    assert.doesNotMatch(after, /upto_cdevents_total\{reason="duplicate"\}/, 'nothing read twice')
    await collector.close()
  })
})
