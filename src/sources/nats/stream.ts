// The stream and the durable consumer the source reads: made when missing, so `upto serve` needs nothing
// set up by hand. Made streams keep each message until a collector acknowledges it (work-queue retention):
// the stream does not grow with what was stored. Several collectors starting at once make the same
// stream and consumer: JetStream answers each the same.

import {
  AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type JetStreamManager, RetentionPolicy, StorageType,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import type { Logger } from '../../pipeline/log.ts'
import type { NatsOptions } from './settings.ts'
import { subjectCovers } from './subjects.ts'

export async function ensureStream(jsm: JetStreamManager, source: string, options: NatsOptions, log: Logger): Promise<void> {
  const { stream, subject } = options
  let subjects: string[]
  try {
    subjects = (await jsm.streams.info(stream)).config.subjects ?? []
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error
    await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue, storage: StorageType.File })
    log.info(`${source}: created JetStream stream ${stream} for ${subject}`)
    return
  }
  if (subjects.some((s) => subjectCovers(s, subject))) return
  await jsm.streams.update(stream, { subjects: [...subjects, subject] })
  log.info(`${source}: added ${subject} to the subjects of JetStream stream ${stream}`)
}

export async function ensureConsumer(jsm: JetStreamManager, source: string, options: NatsOptions, log: Logger): Promise<void> {
  const { stream, durable, subject } = options
  const ackWait = nanos(options.ackWait)
  try {
    const { config } = await jsm.consumers.info(stream, durable)
    if (config.filter_subject !== undefined && config.filter_subject !== '' && config.filter_subject !== subject) {
      log.warn(`${source}: consumer ${durable} of stream ${stream} takes ${config.filter_subject}, not ${subject}: it is used as it is`)
    }
    if (config.ack_wait !== ackWait || config.max_ack_pending !== options.maxAckPending) {
      await jsm.consumers.update(stream, durable, { ack_wait: ackWait, max_ack_pending: options.maxAckPending })
    }
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      ack_wait: ackWait,
      max_ack_pending: options.maxAckPending,
    })
    log.info(`${source}: created durable consumer ${durable} of stream ${stream}`)
  }
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code
}
