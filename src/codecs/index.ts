export { decodeDatagram } from './datagram.ts'
export { decodeHttpBody } from './http-body.ts'
export { type ClientEvent, encodeBatch, encodeEvent } from './encode.ts'
export { formatTextLine } from './text.ts'
