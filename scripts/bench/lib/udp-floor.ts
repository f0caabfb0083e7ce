// Child: the physical floor of UDP ingest — a bare dgram socket that only counts datagrams, with the
// receive buffer the collector asks for.

import { createSocket } from 'node:dgram'
import { defaultRecvBufferSize } from '../../../src/sources/udp/udp.ts'
import { serveCommands } from './children.ts'

const socket = createSocket({ type: 'udp4', recvBufferSize: defaultRecvBufferSize })
let count = 0
socket.on('message', () => {
  count++
})
socket.bind(0, '127.0.0.1', () => {
  const ready = { port: socket.address().port, granted: socket.getRecvBufferSize() }
  serveCommands(ready, () => ({ count }), async () => {
    socket.close()
  })
})
