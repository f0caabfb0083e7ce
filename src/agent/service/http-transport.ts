// Hippodamia over HTTP, for services without MQTT: POST /api/services/onboard answers the onboarding
// response; POST /api/services/:gid/ping, /runtime, /config and /end carry the activity. There are no command
// topics: an answer may ask for something (`{"request": "reonboarding"}` when the session is not the
// collector's), and a 404 or 409 to a ping means the collector no longer knows this session — the agent onboards
// again.

import { type CommandRequest, readCommand, readOnboardingResponse } from './messages.ts'
import type { ServiceTransport } from './service-agent.ts'

export function httpTransport(collector: URL, token: string | undefined): ServiceTransport {
  const base = collector.href.endsWith('/') ? collector.href : `${collector.href}/`
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  let gid: string | undefined
  const post = async (path: string, body: object, waitMs = 30_000) => {
    const response = await fetch(new URL(path, base), { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(waitMs) })
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, json }
  }
  return {
    async onboard(request, waitMs) {
      const { status, json } = await post('api/services/onboard', request, waitMs).catch((error: unknown) => {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { status: 0, json: undefined }
        throw error
      })
      if (status === 0) return undefined
      if (status < 200 || status >= 300) throw new Error(`POST /api/services/onboard answered ${status}${messageOf(json)}`)
      const read = readOnboardingResponse(json, request.uuid)
      if (typeof read === 'string') throw new Error(`POST /api/services/onboard answered no onboarding response: ${read}`)
      gid = read.gid
      return read
    },
    async activate() {},
    async send(activity, message): Promise<CommandRequest | undefined> {
      if (gid === undefined) return undefined
      const { status, json } = await post(`api/services/${encodeURIComponent(gid)}/${activity}`, message)
      if (activity === 'ping' && (status === 404 || status === 409)) return 'reonboarding'
      if (status < 200 || status >= 300) throw new Error(`POST /api/services/${gid}/${activity} answered ${status}${messageOf(json)}`)
      return readCommand(json, gid)
    },
    listen() {},
    async close() {},
  }
}

function messageOf(json: unknown): string {
  const message = (json as { message?: unknown } | undefined)?.message
  return typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''
}
