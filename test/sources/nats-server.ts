// The NATS server the tests use: $UPTO_TEST_NATS, else nats://127.0.0.1:4222, with JetStream. Every test
// gets a stream and subject of its own, deleted after.

import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect } from '@nats-io/transport-node'
import { needs } from '../helpers/needs.ts'

export const natsUrl = process.env.UPTO_TEST_NATS ?? 'nats://127.0.0.1:4222'

export type Found = { url: string; skip?: undefined } | { url?: undefined; skip: string }

/** The server when it answers with JetStream on; otherwise why not, as a reason to skip. */
export async function findNats(): Promise<Found> {
  let nc: NatsConnection | undefined
  try {
    nc = await connect({ servers: natsUrl, timeout: 3_000, reconnect: false })
    await (await jetstreamManager(nc)).getAccountInfo()
    return { url: natsUrl }
  } catch (error) {
    const how = 'start nats-server -js (e.g. `nats-server -a 127.0.0.1 -p 4222 -js`), or set UPTO_TEST_NATS'
    return { skip: needs('NATS with JetStream', false, `${natsUrl}: ${(error as Error).message}: ${how}`) || '' }
  } finally {
    await nc?.close()
  }
}

/** A suite that needs NATS: one skipped test saying why when it is absent (CI: findNats() already failed). */
export function describeWithNats(name: string, found: Found, body: (url: string) => void): void {
  if (found.url === undefined) test(name, { skip: found.skip }, () => {})
  else describe(name, { timeout: 60_000 }, () => body(found.url))
}

/** A stream name and subject no other test run uses. */
export function freshNames(): { stream: string; subject: string } {
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`
  return { stream: `UPTO_TEST_${tag}`, subject: `upto.test.${tag}` }
}
