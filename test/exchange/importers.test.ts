import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { importedEvents } from '../../src/codecs/import/imported.ts'
import { parsePackerLog } from '../../src/codecs/import/packer-log.ts'
import { T0 } from '../render/make-timeline.ts'

const brief = (spans: { name: string; host: string; start: number; end: number; status?: string }[], base = 0) =>
  spans.map((s) => `${s.name}${s.host ? `@${s.host}` : ''} ${s.start - base}-${s.end - base}${s.status && s.status !== 'ok' ? ` ${s.status}` : ''}`).sort()

describe('importing a packer log', () => {
  const log = [
    '2023/07/22 00:26:40 [INFO] Packer version: 1.8.5',
    '2023/07/22 00:26:48 [INFO] (telemetry) Starting builder amazon-ebs',
    '==> amazon-ebs: Creating temporary keypair...',
    '2023/07/22 00:27:48 [INFO] (telemetry) Starting provisioner shell',
    '2023/07/22 00:29:00 [INFO] (telemetry) ending shell',
    'PACKER ERR 2023/07/22 00:29:01 [INFO] (telemetry) Starting provisioner shell',
    '2023/07/22 00:29:31 [INFO] (telemetry) ending shell',
    '2023/07/22 00:29:32 [INFO] (telemetry) Starting provisioner file.upload',
    "Build 'amazon-ebs' errored after 3 minutes: Script exited with non-zero exit status: 2",
    '2023/07/22 00:30:00 [INFO] (telemetry) ending amazon-ebs',
    '2023/07/22 00:30:01 [INFO] (telemetry) Finalizing.',
    '',
  ].join('\n')
  const at = (hms: string) => Date.parse(`2023-07-22T${hms}Z`)

  test('makes the builder a step and its provisioners its children, a second shell a step of its own', () => {
    const run = parsePackerLog(log)
    assert.deepEqual(brief(run.spans), [
      `amazon-ebs ${at('00:26:48')}-${at('00:30:00')} error`,
      `amazon-ebs.file_upload ${at('00:29:32')}-${at('00:30:01')} unfinished`,
      `amazon-ebs.shell ${at('00:27:48')}-${at('00:29:00')}`,
      `amazon-ebs.shell ${at('00:29:01')}-${at('00:29:31')}`,
    ].sort())
    assert.equal(run.spans.find((x) => x.name === 'amazon-ebs')!.message, 'Script exited with non-zero exit status: 2')
    assert.deepEqual(run.marks, [{ name: 'finalizing', host: '', time: at('00:30:01') }])
    const names = importedEvents(run, 'packer', 't').events.filter((e) => e.kind === 'start').map((e) => e.name)
    assert.deepEqual(names, ['amazon-ebs', 'amazon-ebs.shell', 'amazon-ebs.shell-2', 'amazon-ebs.file_upload'])
  })

  test('places local times with the given offset', () => {
    const [builder] = parsePackerLog(log, 120).spans.filter((x) => x.name === 'amazon-ebs')
    assert.equal(builder!.start, at('00:26:48') - 2 * 3_600_000)
  })
})

describe('imported events', () => {
  test('pair a start and an end per step, with ids that make a second import change nothing', () => {
    const run = { spans: [{ name: 'a', host: '', start: 10, end: 20, status: 'ok' }], marks: [{ name: 'm', host: '', time: 15 }], skipped: [] }
    const { events } = importedEvents(run, 'ci', 't1')
    assert.deepEqual(events.map((e) => [e.kind, e.name, e.time, e.timeline, e.status]), [
      ['start', 'a', 10, 't1', undefined], ['end', 'a', 20, 't1', 'ok'], ['mark', 'm', 15, 't1', undefined],
    ])
    assert.deepEqual(importedEvents(run, 'ci', 't1').events.map((e) => e.id), events.map((e) => e.id))
    // the collector's key of a message: (kind, name, host, id) — one per event, the same in a second import
    assert.equal(new Set(events.map((e) => `${e.kind} ${e.name} ${e.host} ${e.id}`)).size, 3)
    assert.notEqual(importedEvents(run, 'ci', 't2').events[0]!.id, events[0]!.id, 'another timeline, other ids')
  })

  test('leave out a step whose start or end the collector would refuse, start and end together, and say why', () => {
    const deep = Array.from({ length: 40 }, (_, i) => `s${i}`).join('.')
    const run = {
      spans: [
        { name: 'ok', host: '', start: 10, end: 20 },
        { name: deep, host: '', start: 10, end: 20 },
        { name: 'bad-end', host: '', start: 10, end: 20, status: 'not one word' },
      ],
      marks: [],
      skipped: [],
    }
    const { events, refused } = importedEvents(run, 'ci', 't1', T0)
    assert.deepEqual(events.map((e) => `${e.kind} ${e.name}`), ['start ok', 'end ok'])
    assert.deepEqual(refused.map((r) => r.name), [deep, 'bad-end'])
    assert.match(refused[0]!.detail, /segments/)
    assert.match(refused[1]!.detail, /status "not one word" is not a single word/)
  })
})
