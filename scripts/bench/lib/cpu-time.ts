// CPU time spent, in seconds: of this process (every thread), of another process by its pid or its name (every
// thread summed from /proc, in nanoseconds, where /proc/PID/stat counts only 10 ms ticks), or of one thread.

import { readFileSync, readdirSync } from 'node:fs'

/** CPU seconds this process has used so far, user + system, every thread. */
export function ownCpu(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/** CPU seconds thread `tid` of process `pid` has used so far (its main thread: tid = pid). */
export function threadCpu(pid: number | string, tid: number | string = pid): number {
  return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9
}

/** CPU seconds process `pid` has used so far, its running threads summed (one that ended is not counted). */
export function pidCpu(pid: number | string): number {
  let seconds = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      seconds += threadCpu(pid, task)
    } catch {} // a thread that ended meanwhile
  }
  return seconds
}

/**
 * A reader of the CPU seconds used so far by the one running process named `name` (its /proc comm);
 * undefined when no such process runs here (a server on another machine) or /proc cannot tell.
 */
export function processCpu(name: string): (() => number) | undefined {
  let pid: string | undefined
  try {
    pid = readdirSync('/proc').find((entry) => /^\d+$/.test(entry) && readComm(entry) === name)
    if (pid === undefined) return undefined
    pidCpu(pid)
  } catch {
    return undefined
  }
  return () => pidCpu(pid)
}

function readComm(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return undefined
  }
}
