// upto new | start | end | mark: build one event from the command line and deliver it.
// This is the hot path of every CI step: it loads no store, server or renderer.

import type { MessageKind } from '../../core/types.ts'
import { checkEvent, isRefused } from '../../core/validate.ts'
import { encodeBatch, encodeEvent, type ClientEvent } from '../../codecs/encode.ts'
import { type Destination, httpBase, resolveDestination } from '../destination.ts'
import { nested, newTimeline } from '../nesting.ts'
import { newRunId } from '../new-run-id.ts'
import { usageError } from '../errors.ts'
import type { Io } from '../io.ts'
import { describe, sendHttp, sendUdp } from '../send.ts'
import { forUdp } from '../udp-sign.ts'
import { noteSent } from '../finished-steps.ts'

export interface SendOptions {
  remotehost?: string
  remoteport?: string
  hostname?: string
  autohost?: boolean
  autoip?: boolean
  http?: boolean
  timeline?: string
  status?: string
  message?: string
  attr?: string[]
  timeout?: string
}

export async function sendEvent(
  io: Io,
  kind: MessageKind,
  context: string,
  name: string,
  options: SendOptions,
): Promise<void> {
  const event = await buildEvent(io, kind, context, name, options)
  const to = resolveDestination(options, io.env)
  if (options.http) {
    const timeoutMs = options.timeout === undefined ? 5_000 : parseSeconds(options.timeout) * 1_000
    await sendHttp(encodeBatch([event]), to, { timeoutMs, token: io.env.UPTO_TOKEN })
    say(io, to, event)
    if (kind === 'new') io.out(`${event.timeline}\n${httpBase(to)}/c/${encodeURIComponent(context)}/${encodeURIComponent(event.timeline!)}\n`)
    return
  }
  const refused = refusal(event)
  if (refused !== undefined) {
    // over UDP no one would say so: the collector would only count it
    io.err(`upto: warning: not sent, the collector would refuse it: ${refused}\n`)
    return
  }
  try {
    await sendUdp(await forUdp(encodeEvent(event), io.env.UPTO_UDP_KEY), to)
    say(io, to, event)
  } catch (error) {
    // A build must never fail because of its telemetry: say so, exit 0.
    io.err(`upto: warning: could not send to ${to.host}:${to.port} over UDP: ${describe(error)}\n`)
  }
  // the new run's id, for the script that began it: RUN=$(upto new deploy)
  if (kind === 'new') io.out(`${event.timeline}\n`)
}

/** Says when a start makes a step that finished in the newest run a further attempt: to a person at a terminal. */
export function say(io: Io, to: Destination, event: ClientEvent): void {
  if (event.kind === 'mark' || (event.timeline !== undefined && event.kind !== 'new') || !io.errIsTTY) return
  const note = noteSent(io.env, to, event)
  if (note !== undefined) io.err(note)
}

/**
 * Inside `upto run`, start/end/mark nest under the running step (nesting.ts); `new` never does. Async only
 * for node:os, which is loaded when --autohost asks for this machine's name.
 */
export async function buildEvent(io: Io, kind: MessageKind, context: string, name: string, options: SendOptions): Promise<ClientEvent> {
  const time = io.now()
  const place = kind === 'new'
    ? { name, timeline: newTimeline(io.env, options.timeline) ?? newRunId(time) }
    : nested(io.env, context, name, options.timeline)
  const host = options.hostname ?? (options.autohost ? (await import('node:os')).hostname() : '')
  const event: ClientEvent = { kind, context, name: place.name, host, time }
  if (options.autoip) event.autoIP = true
  if (place.timeline !== undefined) event.timeline = place.timeline
  if (options.status !== undefined) event.status = options.status
  if (options.message !== undefined) event.message = options.message
  if (options.attr && options.attr.length > 0) event.attrs = parseAttrs(options.attr)
  return event
}

/** Why the collector would refuse `event` (src/core/validate.ts, the limits of proto/limits.md), or undefined. */
export function refusal(event: ClientEvent): string | undefined {
  const checked = checkEvent({ ...event, type: event.kind }, event.time)
  return isRefused(checked) ? checked.detail : undefined
}

export function parseAttrs(pairs: readonly string[]): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq < 1) throw usageError(`invalid --attr "${pair}": expected key=value, like --attr commit=3f2a1c`)
    attrs[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return attrs
}

function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw usageError(`invalid --timeout "${value}": expected a number of seconds, like 5`)
  }
  return seconds
}
