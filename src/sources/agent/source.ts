// The agent source: `[sources.NAME] type = "agent"`, `url = "http://web1:8124"` — the collector pulls from an
// upto agent that cannot open connections to it (upto agent --serve). Each batch is delivered, and
// acknowledged to the agent only once it is durable; a batch whose acknowledgement was lost comes again, and
// its events count once (they carry the agent's ids). While the agent cannot be reached, it is asked again
// every interval.

import { errorMessage } from '../../pipeline/log.ts'
import type { RunningSource, SourceType } from '../types.ts'
import { acknowledge, pullBatch } from './pull.ts'

export interface AgentSourceOptions {
  url: string
  token?: string
  interval: number
  batch: number
}

export const agentSource: SourceType<AgentSourceOptions> = {
  type: 'agent',
  settings: {
    url: { type: 'url', required: true, description: 'The agent\'s pull address (upto agent --serve), e.g. http://web1:8124.' },
    token: { type: 'string', secret: true, description: 'The agent\'s --token, sent as Authorization: Bearer.' },
    interval: { type: 'duration', default: '1s', description: 'How long to wait before asking again when the agent had nothing, or could not be reached.' },
    batch: { type: 'integer', default: 1000, min: 1, max: 1000, description: 'Most events pulled at once, and stored in one submit.' },
  },
  async start({ url, token, interval, batch, format: formatName }, { name, deliver, formats, log, now }) {
    const format = formats.get(formatName)
    if (format === undefined) throw new TypeError(`sources.${name}: unknown format "${formatName}": expected one of ${formats.names().join(', ')}`)
    const base = new URL(url.endsWith('/') ? url : `${url}/`)
    const stopping = new AbortController()
    let down = false
    const wait = () => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, interval)
      stopping.signal.addEventListener('abort', () => {
        clearTimeout(timer)
        resolve()
      }, { once: true })
    })

    const loop = async () => {
      while (!stopping.signal.aborted) {
        try {
          const pulled = await pullBatch(base, batch, token, stopping.signal)
          if (pulled === undefined) {
            await wait()
            continue
          }
          const decoded = format.decode(pulled.bytes, { received: now(), contentType: pulled.contentType, from: base.hostname })
          await deliver.submit(decoded, base.hostname)
          await acknowledge(base, pulled.cursor, token, stopping.signal)
          if (down) log.info(`${name}: agent ${base.href} answers again`)
          down = false
        } catch (error) {
          if (stopping.signal.aborted) break
          // one line per interval of the log's limit, however long the agent stays away
          log.limited('warn', `${name} agent pull`, `${name}: pulling from agent ${base.href}: ${errorMessage(error)}; asking again every ${interval} ms`)
          down = true
          await wait()
        }
      }
    }
    const running = loop()
    log.info(`${name}: pulling from agent ${base.href}`)
    let closed: Promise<void> | undefined
    const source: RunningSource = {
      close: () => (closed ??= (async () => {
        stopping.abort()
        await running
      })()),
    }
    return source
  },
}
