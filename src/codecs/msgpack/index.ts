// MessagePack, read and written by hand: what the collector uses of it. Events from UDP datagrams and HTTP
// bodies (events.ts), and the LevelDB store's values (store-pack.ts, store-unpack.ts). The client's encoder
// imports its writer (writer.ts) alone: the client bundle must not carry the readers.

export { decodeMsgpack } from './events.ts'
export { Packer } from './store-pack.ts'
export { unpack } from './store-unpack.ts'
