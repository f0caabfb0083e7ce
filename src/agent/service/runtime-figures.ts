// A service's runtime message: the process's and the machine's figures, and the agent's message counters.

import { statfsSync } from 'node:fs'
import { cpus, freemem, loadavg, totalmem, uptime } from 'node:os'
import type { Session } from './messages.ts'

export interface MessageCounters {
  sent: number
  received: number
  /** The relay's, when it runs too. */
  relayed?: number
  droppedFull?: number
}

export function runtimeMessage(session: Session, now: number, uptimeSeconds: number, dir: string, messages: MessageCounters) {
  const memory = process.memoryUsage()
  const cpu = process.cpuUsage()
  return {
    gid: session.gid,
    session: session.session,
    timestamp: new Date(now).toISOString(),
    'service-uptime': uptimeSeconds,
    'system-uptime': Math.round(uptime()),
    cpu: { 'process-user-seconds': cpu.user / 1e6, 'process-system-seconds': cpu.system / 1e6, cores: cpus().length, load: loadavg() },
    memory: { 'process-rss': memory.rss, 'process-heap-used': memory.heapUsed, 'machine-total': totalmem(), 'machine-free': freemem() },
    disk: diskOf(dir),
    messages,
  }
}

function diskOf(dir: string): { path: string; total: number; free: number } | undefined {
  try {
    const s = statfsSync(dir)
    return { path: dir, total: s.blocks * s.bsize, free: s.bavail * s.bsize }
  } catch {
    return undefined
  }
}
