// The machine a run was measured on, as the results page states it.

import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, release, totalmem, type } from 'node:os'

export interface Machine {
  nproc: number
  memory: string
  cpu: string
  os: string
  node: string
  load: string
}

export function machine(): Machine {
  let nproc = availableParallelism()
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc
  } catch {}
  const load = (() => {
    try {
      return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ')
    } catch {
      return 'unknown'
    }
  })()
  return {
    nproc,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    os: `${type()} ${release()}`,
    node: process.version,
    load,
  }
}
