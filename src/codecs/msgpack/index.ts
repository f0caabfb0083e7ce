// MessagePack, read and written by hand: what the rest of upto uses of it. Events from UDP datagrams and HTTP
// bodies (events.ts), the client's writer (writer.ts), and the LevelDB store's values (store-pack.ts, store-unpack.ts).

export { decodeMsgpack } from './events.ts'
export { MsgpackWriter } from './writer.ts'
export { Packer } from './store-pack.ts'
export { unpack } from './store-unpack.ts'
