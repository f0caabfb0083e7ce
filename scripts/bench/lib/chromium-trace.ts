// A Chromium-like trace-event JSON file, made the same every time: processes with many threads, each running
// tasks (`X` complete events nested three to five deep, repeated names, args as Chromium writes them), a few
// `B`/`E` pairs, flow events between tasks, instants, and thread names. About 183 bytes an event, as in a
// start-up trace written by `--trace-startup-format=json`.

import { createWriteStream } from 'node:fs'

const NAMES = [
  'ThreadControllerImpl::RunTask', 'SequenceManager::DoIdleWork', 'ScheduledTasksPending', 'TaskGraphRunner::RunTask',
  'LayerTreeHostImpl::PrepareToDraw', 'LayerTextured::PaintContentsToDisplayList', 'V8.Execute', 'v8.compile',
  'Mojo::Message::Dispatch', 'SimpleWatcher::OnHandleReady', 'ParseHTML', 'Layout', 'UpdateLayoutTree', 'Paint',
]
const FILES = ['../../base/task/sequence_manager/task_queue_impl.cc', '../../cc/trees/layer_tree_host_impl.cc', '../../mojo/public/cpp/system/simple_watcher.cc']

export interface TraceShape {
  events: number
  threads: number
  bytes: number
}

/** Writes about `events` events to `path`; resolves with what it wrote. */
export async function writeChromiumTrace(path: string, events: number): Promise<TraceShape> {
  const out = createWriteStream(path)
  let seed = 11
  const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  let bytes = 0
  let written = 0
  let chunk: string[] = []
  const write = async (event: object) => {
    const text = `${written === 0 ? '' : ',\n'}${JSON.stringify(event)}`
    bytes += Buffer.byteLength(text)
    written++
    chunk.push(text)
    if (chunk.length >= 2_000) {
      if (!out.write(chunk.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      chunk = []
    }
  }
  out.write('{"traceEvents":[\n')
  const threads: { pid: number; tid: number }[] = []
  for (let p = 0; p < 8; p++) {
    const pid = 17_000 + p * 37
    await write({ args: { name: p === 0 ? 'Browser' : `Renderer ${p}` }, cat: '__metadata', name: 'process_name', ph: 'M', pid, tid: 0, ts: 0 })
    for (let t = 0; t < 14; t++) {
      const tid = pid + t + 1
      threads.push({ pid, tid })
      const name = t === 0 ? (p === 0 ? 'CrBrowserMain' : 'CrRendererMain') : t < 8 ? 'ThreadPoolForegroundWorker' : `Chrome_ChildIOThread`
      await write({ args: { name }, cat: '__metadata', name: 'thread_name', ph: 'M', pid, tid, ts: 0 })
    }
  }
  const start = 4_200_000_000
  let flow = 1
  // each thread in turn runs a task tree: a root task and nested children, all inside their parent
  const clock = new Map(threads.map((t) => [t.tid, start + Math.floor(random() * 1_000)]))
  while (written < events) {
    const thread = pick(threads)
    let ts = clock.get(thread.tid)!
    const tree = async (depth: number, from: number, length: number) => {
      await write({
        args: depth === 0 ? { src_file: pick(FILES), src_func: 'RunTask' } : { data: { frame: `F${Math.floor(random() * 9)}` } },
        cat: depth === 0 ? 'toplevel' : 'disabled-by-default-devtools.timeline', dur: length, name: pick(NAMES), ph: 'X',
        pid: thread.pid, tdur: Math.floor(length * 0.8), tid: thread.tid, ts: from, tts: from - start,
      })
      if (depth >= 4) return
      let at = from + 1
      const children = Math.floor(random() * 3)
      for (let c = 0; c < children && at < from + length - 4; c++) {
        const child = Math.max(1, Math.floor(random() * (from + length - at) * 0.6))
        await tree(depth + 1, at, child)
        at += child + 1
      }
    }
    const length = 50 + Math.floor(random() * 2_000)
    await tree(0, ts, length)
    if (random() < 0.1) {
      await write({ bind_id: `0x${flow.toString(16)}`, cat: 'toplevel.flow', id: flow, name: 'PostTask', ph: 's', pid: thread.pid, tid: thread.tid, ts: ts + 1 })
      await write({ bind_id: `0x${flow.toString(16)}`, cat: 'toplevel.flow', id: flow, name: 'PostTask', ph: 'f', bp: 'e', pid: thread.pid, tid: thread.tid, ts: ts + length + 10 })
      flow++
    }
    if (random() < 0.02) await write({ args: { data: { navigationId: 'A1B2' } }, cat: 'loading', name: 'firstContentfulPaint', ph: 'I', s: 't', pid: thread.pid, tid: thread.tid, ts: ts + 2 })
    if (random() < 0.02) {
      await write({ args: {}, cat: 'blink', name: 'FrameView::layout', ph: 'B', pid: thread.pid, tid: thread.tid, ts: ts + length + 20 })
      await write({ args: {}, cat: 'blink', name: 'FrameView::layout', ph: 'E', pid: thread.pid, tid: thread.tid, ts: ts + length + 60 })
      ts += 60
    }
    clock.set(thread.tid, ts + length + 100 + Math.floor(random() * 500))
  }
  chunk.push('],\n"metadata":{"clock-domain":"LINUX_CLOCK_MONOTONIC"}}\n')
  out.end(chunk.join(''))
  await new Promise<void>((resolve) => out.once('finish', () => resolve()))
  return { events: written, threads: threads.length, bytes }
}
