// The highest rate a UDP receiver takes with zero loss: a sender process steps the rate up; at each step
// every receiver still in the race gets a few tries of a few seconds (machines here are noisy).
// The step after the first failed one is halved once, so the answer is within half a step.

import type { Child } from './children.ts'

export interface Receiver {
  name: string
  port: number
  /** Counts what arrived since `mark()`; called after the sender finished. */
  mark(): Promise<void>
  arrived(): Promise<number>
}

export interface Trial {
  receiver: string
  rate: number
  timeline: string
  sent: number
  /** What the sender reached, datagrams/s. */
  achieved: number
  arrived: number
  lost: number
  ok: boolean
}

export interface SearchResult {
  receiver: string
  /** Highest rate with a zero-loss try; 0 if none. */
  zeroLoss: number
  /** The rate at which it lost datagrams on every try, if any. */
  failedAt?: number
  /** True when the sender, not the receiver, could go no faster. */
  senderBound: boolean
}

export interface SearchOptions {
  sender: Child
  receivers: Receiver[]
  context: string
  rates: number[]
  seconds: number
  tries?: number
  log?: (line: string) => void
}

export async function searchZeroLoss(options: SearchOptions): Promise<{ results: SearchResult[]; trials: Trial[] }> {
  const { sender, context, seconds } = options
  const tries = options.tries ?? 3
  const log = options.log ?? (() => {})
  const trials: Trial[] = []
  let n = 0

  async function attempt(receiver: Receiver, rate: number): Promise<Trial> {
    const timeline = `${receiver.name}-${rate}-${++n}`
    await receiver.mark()
    const sent = await sender.call<{ sent: number; seconds: number }>({
      cmd: 'send', port: receiver.port, rate, seconds, context, timeline,
    })
    const arrived = await receiver.arrived()
    const achieved = sent.sent / sent.seconds
    const lost = sent.sent - arrived
    const trial = { receiver: receiver.name, rate, timeline, sent: sent.sent, achieved, arrived, lost, ok: lost === 0 }
    trials.push(trial)
    log(`${receiver.name} ${rate}/s: sent ${sent.sent} at ${Math.round(achieved)}/s, lost ${lost}`)
    return trial
  }

  /**
   * 'ok' when a try at the full rate lost nothing, 'lost' when every try at the full rate lost some, 'sender'
   * when the sender never reached the rate (the setup's ceiling). A try the sender fell short in proves
   * nothing either way: another is made, up to `tries` in all.
   */
  async function step(receiver: Receiver, rate: number): Promise<'ok' | 'lost' | 'sender'> {
    let full = 0
    for (let i = 0; i < tries; i++) {
      const t = await attempt(receiver, rate)
      if (t.achieved < rate * 0.97) continue
      full++
      if (t.ok) return 'ok'
    }
    return full === 0 ? 'sender' : 'lost'
  }

  const results = new Map<string, SearchResult>()
  const alive = new Set(options.receivers)
  let previous = 0
  for (const rate of options.rates) {
    for (const receiver of options.receivers) {
      if (!alive.has(receiver)) continue
      const outcome = await step(receiver, rate)
      if (outcome === 'ok') {
        results.set(receiver.name, { receiver: receiver.name, zeroLoss: rate, senderBound: false })
        continue
      }
      alive.delete(receiver)
      const best = results.get(receiver.name)?.zeroLoss ?? 0
      if (outcome === 'sender') {
        results.set(receiver.name, { receiver: receiver.name, zeroLoss: best, senderBound: true })
        continue
      }
      // one halving between the last good step and this one
      const middle = Math.round((previous + rate) / 2)
      const between = previous > 0 ? await step(receiver, middle) : 'lost'
      results.set(receiver.name, {
        receiver: receiver.name,
        zeroLoss: between === 'ok' ? middle : best,
        failedAt: between === 'ok' ? rate : middle,
        senderBound: false,
      })
    }
    if (alive.size === 0) break
    previous = rate
  }
  for (const receiver of alive) {
    results.set(receiver.name, { ...(results.get(receiver.name) ?? { receiver: receiver.name, zeroLoss: 0 }), senderBound: true })
  }
  return { results: options.receivers.map((r) => results.get(r.name)!), trials }
}
