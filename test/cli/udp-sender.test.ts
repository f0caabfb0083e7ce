import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createSocket, type Socket } from 'node:dgram'
import { once } from 'node:events'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { decodeDatagram } from '../../src/codecs/datagram.ts'
import { udpSender } from '../../src/cli/udp-sender.ts'

const bin = fileURLToPath(new URL('../../bin/upto.cjs', import.meta.url))
let sink: Socket
let port: number
const received: Buffer[] = []

before(async () => {
  sink = createSocket('udp4')
  sink.on('message', (message) => received.push(message))
  sink.bind(0, '127.0.0.1')
  await once(sink, 'listening')
  port = sink.address().port
})
after(() => sink.close())

async function arrived(count: number): Promise<Buffer[]> {
  for (let i = 0; i < 200 && received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  return received.splice(0)
}

test('sends datagrams as they are, several on one socket', async () => {
  const sender = udpSender({ host: '127.0.0.1', port })
  await sender.send(Uint8Array.from([1, 2, 3]))
  await sender.send(Uint8Array.from([4, 5]))
  sender.close()
  assert.deepEqual((await arrived(2)).map((b) => [...b]), [[1, 2, 3], [4, 5]])
})

test('looks a host name up once', async () => {
  const sender = udpSender({ host: 'localhost', port })
  await sender.send(Uint8Array.from([9]))
  sender.close()
  assert.deepEqual((await arrived(1)).map((b) => [...b]), [[9]])
})

test('a host name that does not resolve fails the send with its code', async () => {
  const sender = udpSender({ host: 'no-such-host.invalid', port })
  await assert.rejects(sender.send(Uint8Array.from([1])), (error: NodeJS.ErrnoException) => /ENOTFOUND|EAI_AGAIN/.test(String(error.code)))
  sender.close()
})

test('with --pending-deprecation, node:dgram sends it, and no deprecation warning is printed', async () => {
  const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) =>
    execFile(process.execPath, ['--pending-deprecation', bin, 'start', 'ctx', 'a.b'], { env: { PATH: process.env.PATH, UPTO_SERVER: `127.0.0.1:${port}` } }, (error, _out, stderr) =>
      error ? reject(error) : resolve({ stderr }),
    ),
  )
  assert.equal(stderr, '')
  const [datagram] = await arrived(1)
  assert.ok(datagram, 'the datagram arrived')
  const decoded = decodeDatagram(datagram, Date.now(), '127.0.0.1')
  assert.equal(decoded.events[0]?.name, 'a.b')
})
