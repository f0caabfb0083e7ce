// The UDP socket is read on a thread of its own. libuv reads at most 32 datagrams each time round the event
// loop, so while the collector's thread draws a big page in turns, or collects garbage, the socket would
// be read a few thousand times a second slower than datagrams come and the kernel's buffer would overflow. This
// thread only reads: what it read in a millisecond (or 4,096 datagrams, or 256 KiB) is handed over as one batch
// (one buffer, transferred, not copied; a message a datagram would cost more than the reading), and the
// collector's thread decodes and queues it when it gets there. When more than
// `maxPending` bytes wait for the collector's thread, datagrams are dropped here and counted.
//
// The thread runs as `eval` code, a string: the same text works from the bundle, the single executable and tsx.

/** What the thread posts. */
export type ReaderMessage =
  | { type: 'listening'; address: string; port: number; granted: number | string }
  | { type: 'error'; code: string | undefined; message: string; listening: boolean }
  | { type: 'batch'; bytes: ArrayBuffer; ends: Uint32Array; hosts: string[]; from: Uint16Array; received: Float64Array; dropped: number }

/** What the thread is told, once it runs: where to listen. */
export interface ReaderBind {
  type: 'udp4' | 'udp6'
  host: string
  port: number
  recvBufferSize: number
  /** Bytes handed over and not yet taken: [0], added to here, taken off by the collector's thread. */
  pending: Int32Array
  maxPending: number
}

export const readerSource = `
const { parentPort } = require('node:worker_threads')
const { createSocket } = require('node:dgram')
let socket, pending, maxPending
let chunks = [], size = 0, hosts = [], hostIndex = new Map(), from = [], received = [], dropped = 0, scheduled = false, timer
function flush() {
  if (scheduled) { clearTimeout(timer); scheduled = false }
  if (chunks.length === 0 && dropped === 0) return
  const bytes = new Uint8Array(size)
  const ends = new Uint32Array(chunks.length)
  let at = 0
  for (let i = 0; i < chunks.length; i++) { bytes.set(chunks[i], at); at += chunks[i].length; ends[i] = at }
  Atomics.add(pending, 0, size)
  const message = { type: 'batch', bytes: bytes.buffer, ends, hosts, from: Uint16Array.from(from), received: Float64Array.from(received), dropped }
  parentPort.postMessage(message, [bytes.buffer, ends.buffer, message.from.buffer, message.received.buffer])
  chunks = []; size = 0; hosts = []; hostIndex = new Map(); from = []; received = []; dropped = 0
}
function onDatagram(bytes, rinfo) {
  if (Atomics.load(pending, 0) + size + bytes.length > maxPending) dropped++
  else {
    let h = hostIndex.get(rinfo.address)
    if (h === undefined) {
      if (hosts.length === 65535) flush() // a batch names at most 65,535 hosts
      h = hosts.length; hosts.push(rinfo.address); hostIndex.set(rinfo.address, h)
    }
    chunks.push(bytes); size += bytes.length; from.push(h); received.push(Date.now())
  }
  if (chunks.length >= 4096 || size >= 262144) flush()
  else if (!scheduled) { scheduled = true; timer = setTimeout(flush, 1) }
}
let listening = false
function bind({ type, host, port, recvBufferSize, pending: shared, maxPending: most }) {
  pending = shared; maxPending = most
  socket = createSocket({ type })
  socket.on('message', onDatagram)
  socket.on('error', (error) => parentPort.postMessage({ type: 'error', code: error.code, message: error.message, listening }))
  socket.bind(port, host, () => {
    listening = true
    let granted
    try { socket.setRecvBufferSize(recvBufferSize); granted = socket.getRecvBufferSize() } catch (error) { granted = String(error.message) }
    const address = socket.address()
    parentPort.postMessage({ type: 'listening', address: address.address, port: address.port, granted })
  })
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (socket === undefined) return parentPort.close()
    flush(); socket.close(() => parentPort.close())
  } else bind(message)
})
`
