// The content id cdviz-collector gives an event that has none: the SHA-256 of the event without its context.id,
// serialised with sorted keys and no whitespace, written as a CIDv1 (multicodec raw 0x55, multihash sha2-256) in
// lower-case base32 with the multibase prefix `b`: `bafkrei…`.

import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { canonicalJson, type Json } from './model/cdevent.ts'

const RAW = 0x55
const SHA2_256 = 0x12

export function contentId(withoutId: Json): string {
  const hash = createHash('sha256').update(canonicalJson(withoutId), 'utf8').digest()
  return CID.createV1(RAW, Digest.create(SHA2_256, new Uint8Array(hash.buffer, hash.byteOffset, hash.byteLength))).toString()
}
