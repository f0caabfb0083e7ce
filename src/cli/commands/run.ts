// upto run CTX EVENT [--] COMMAND ARGS...: start the event, run the command with the caller's stdin, stdout and
// stderr, end the event with its outcome, and exit as the command did. A client command on the fast path: it
// loads no store, server or renderer.
//
// - ok when the command exits 0; else status error, attr `exit` (128 + n for a signal, with attr `signal`), and
//   the last lines of its stderr (which still reaches the caller live) as the message;
// - the command runs even when the collector cannot be reached: delivery problems are warnings, unless --strict
//   (then a failed start stops before the command runs, and a failed end fails a command that succeeded; over
//   UDP only local send errors are seen: --http --strict for acknowledged delivery);
// - the command gets UPTO_CONTEXT, UPTO_PARENT (this event's full name) and UPTO_TIMELINE (when known), so
//   client calls inside it nest under this event (nesting.ts);
// - SIGINT, SIGTERM, SIGHUP and SIGQUIT are passed on to the command; when it dies of one, upto re-raises it.

import { encodeBatch, encodeEvent, type ClientEvent } from '../../codecs/encode.ts'
import { resolveDestination, type Destination } from '../destination.ts'
import { CliError } from '../errors.ts'
import type { Io } from '../io.ts'
import { nested, nestingEnv } from '../nesting.ts'
import { describe, sendHttp } from '../send.ts'
import { spawnCommand, type CommandProcess } from '../spawn-command.ts'
import { udpSender, type UdpSender } from '../udp-sender.ts'
import { forUdp } from '../udp-sign.ts'
import { buildEvent, refusal, say, type SendOptions } from './send-event.ts'
import { stderrTail } from './stderr-tail.ts'

export interface RunOptions extends SendOptions {
  strict?: boolean
}

export interface RunDeps {
  /** Where the command's stderr goes on, chunk by chunk. */
  stderr(chunk: Uint8Array): void
  /** Ends this process by a signal, as the command ended. */
  raise(signal: NodeJS.Signals): void
}

const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

const processDeps: RunDeps = {
  stderr: (chunk) => process.stderr.write(chunk),
  raise: (signal) => process.kill(process.pid, signal),
}

/** Resolves with the exit code: the command's, or 1 when --strict and delivery failed. */
export async function runCommand(
  io: Io,
  call: { context: string; name: string; command: readonly string[]; options: RunOptions },
  deps: RunDeps = processDeps,
): Promise<number> {
  const { context, options } = call
  const place = nested(io.env, context, call.name, options.timeline)
  const own = { ...options, ...(place.timeline === undefined ? {} : { timeline: place.timeline }) }
  const to = resolveDestination(options, io.env)
  const udp = options.http ? undefined : udpSender(to)
  const deliver = delivery(io, to, options, udp)
  const started = deliver(await buildEvent(io, 'start', context, place.name, own))
  if (options.strict && !(await started)) {
    udp?.close()
    return 1
  }

  const env: Record<string, string | undefined> = { ...io.env, [nestingEnv.context]: context, [nestingEnv.parent]: place.name }
  if (place.timeline !== undefined) env[nestingEnv.timeline] = place.timeline
  else delete env[nestingEnv.timeline] // an outer run's timeline belongs to its context, maybe not to this one
  const outcome = await execute(call.command, env, deps)
  await started

  const fields = endFields(outcome)
  const ended = await buildEvent(io, 'end', context, place.name, { ...own, ...fields, attr: [...(own.attr ?? []), ...(fields.attr ?? [])] })
  const delivered = await deliver(ended)
  udp?.close()
  if (outcome.signal !== undefined) {
    deps.raise(outcome.signal)
    return outcome.code // when the signal is ignored or caught here
  }
  return options.strict && !delivered && outcome.code === 0 ? 1 : outcome.code
}

interface Outcome {
  code: number
  signal?: NodeJS.Signals
  tail: string
  /** Why the command could not start. */
  error?: string
}

function endFields(outcome: Outcome): Partial<RunOptions> {
  const attr = [`exit=${outcome.code}`, ...(outcome.signal ? [`signal=${outcome.signal}`] : [])]
  if (outcome.code === 0) return { status: 'ok', attr }
  const message = outcome.error ?? (outcome.tail || (outcome.signal ? `killed by ${outcome.signal}` : `exit ${outcome.code}`))
  return { status: 'error', message, attr }
}

/** Runs the command; never rejects. */
function execute(command: readonly string[], env: Record<string, string | undefined>, deps: RunDeps): Promise<Outcome> {
  return new Promise((resolve) => {
    const tail = stderrTail()
    let child: CommandProcess | undefined
    const pass = (signal: NodeJS.Signals) => child?.kill(signal)
    for (const signal of forwarded) process.on(signal, pass)
    let settled = false
    const done = (outcome: Outcome) => {
      if (settled) return
      settled = true
      for (const signal of forwarded) process.off(signal, pass)
      resolve(outcome)
    }
    // the outcome waits for stderr to end; a command that leaves a background process holding it open ends
    // 200 ms after its exit, with what it wrote so far
    let exit: { code: number; signal?: NodeJS.Signals } | undefined
    let open = true
    const finish = async () => {
      if (exit === undefined || settled) return
      const { code, signal } = exit
      if (signal === undefined) return done({ code, tail: tail.text() })
      const { constants } = await import('node:os')
      done({ code: 128 + (constants.signals[signal] ?? 0), signal, tail: tail.text() })
    }
    child = spawnCommand(command, env, {
      stderr(chunk) {
        deps.stderr(chunk)
        tail.push(chunk)
      },
      failed(reason) {
        const why = reason === 'ENOENT' ? 'command not found' : reason
        deps.stderr(Buffer.from(`upto: ${command[0]}: ${why}\n`))
        done({ code: reason === 'ENOENT' ? 127 : 126, tail: '', error: `${command[0]}: ${why}` })
      },
      exited(code, signal) {
        exit = signal === undefined ? { code } : { code, signal }
        if (open) setTimeout(finish, 200).unref()
        else void finish()
      },
      closed() {
        open = false
        void finish()
      },
    })
  })
}

/**
 * Sends one event, over `udp` when given, else over HTTP; resolves whether it was delivered. Problems are
 * warnings, or errors with --strict.
 */
function delivery(io: Io, to: Destination, options: RunOptions, udp?: UdpSender): (event: ClientEvent) => Promise<boolean> {
  return async (event) => {
    const refused = udp === undefined ? undefined : refusal(event)
    if (refused !== undefined) {
      io.err(`upto: ${options.strict ? 'error' : 'warning'}: ${event.kind} of ${event.name} not sent, the collector would refuse it: ${refused}\n`)
      return false
    }
    try {
      if (udp !== undefined) {
        await udp.send(await forUdp(encodeEvent(event), io.env.UPTO_UDP_KEY))
      } else {
        const seconds = options.timeout === undefined ? 5 : Number(options.timeout)
        const timeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1_000
        await sendHttp(encodeBatch([event]), to, { timeoutMs, token: io.env.UPTO_TOKEN })
      }
      say(io, to, event)
      return true
    } catch (error) {
      const why = error instanceof CliError ? error.message : `could not send to ${to.host}:${to.port} over UDP: ${describe(error)}`
      io.err(`upto: ${options.strict ? 'error' : 'warning'}: ${event.kind} of ${event.name}: ${why}\n`)
      return false
    }
  }
}
