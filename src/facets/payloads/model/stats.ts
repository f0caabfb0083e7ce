// GET /stats?stat=SuccessRate: per service, how many of its payloads' stays ended in success and in failure
// (`error`, `failed`), and what part of those each is, in per cent.

import type { StatusMessage } from './status.ts'

export interface SuccessRate {
  service: string
  success: number
  failure: number
  success_rate: number
  failure_rate: number
}

const failures = new Set(['error', 'failed'])

export function successRates(statuses: Iterable<Pick<StatusMessage, 'service' | 'status'>>): { data: SuccessRate[] } {
  const counts = new Map<string, { success: number; failure: number }>()
  for (const s of statuses) {
    const isSuccess = s.status === 'success'
    if (!isSuccess && !failures.has(s.status)) continue
    const c = counts.get(s.service) ?? { success: 0, failure: 0 }
    if (isSuccess) c.success++
    else c.failure++
    counts.set(s.service, c)
  }
  const data = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([service, c]) => {
    const total = c.success + c.failure
    const rate = (n: number) => Math.round((10_000 * n) / total) / 100
    return { service, success: c.success, failure: c.failure, success_rate: rate(c.success), failure_rate: rate(c.failure) }
  })
  return { data }
}
