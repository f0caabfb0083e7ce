// upto export CTX [TIMELINE] --format chrome|otlp|mermaid|csv|json: a timeline (default the newest) on stdout.
// From a collector, its export route streams the text as it is made, and it goes to stdout as it arrives:
// --timeout bounds the wait for the answer to begin, not the whole transfer. With --data, made here.

import { exportFormats, exportTimeline, isExportFormat } from '../../codecs/export/formats.ts'
import { resolveDestination, httpBase } from '../../cli/destination.ts'
import { CliError, usageError } from '../../cli/errors.ts'
import { fetchHead } from '../../cli/http-reader.ts'
import type { Io } from '../../cli/io.ts'
import type { ReadOptions } from '../../cli/open-reader.ts'
import { describe } from '../../cli/send.ts'
import { missingRun } from '../../cli/missing-run.ts'
import { loadRun } from '../../cli/load-runs.ts'

export interface ExportOptions extends ReadOptions {
  format: string
  raw?: boolean
}

export async function exportCommand(io: Io, context: string, id: string | undefined, options: ExportOptions): Promise<void> {
  if (!isExportFormat(options.format)) throw usageError(`invalid --format "${options.format}": expected ${exportFormats.join(', ')}`)
  if (options.data !== undefined) {
    const reader = await (await import('../../cli/store-reader.ts')).storeReader(options.data, io.now)
    try {
      const timeline = await loadRun(reader, context, id ?? 'latest')
      for (const chunk of exportTimeline(timeline, options.format, io.now(), { raw: options.raw === true }).chunks) io.out(chunk)
    } finally {
      await reader.close()
    }
    return
  }
  const base = httpBase(resolveDestination(options, io.env))
  const path = `/api/contexts/${encodeURIComponent(context)}/${encodeURIComponent(id ?? 'latest')}/export/${options.format}${options.raw ? '?raw' : ''}`
  const token = io.env.UPTO_READ_TOKEN || io.env.UPTO_TOKEN || undefined
  const seconds = Number(options.timeout ?? '5')
  const response = await fetchHead(base + path, (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1_000, token ? { authorization: `Bearer ${token}` } : {})
  if (response.status === 404) {
    await response.body?.cancel()
    const { openReader } = await import('../../cli/open-reader.ts')
    throw await missingRun(await openReader(io, options), context, id ?? 'latest')
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel()
    throw new CliError(`collector at ${base} ${token ? 'does not take the token in UPTO_READ_TOKEN (or UPTO_TOKEN)' : 'needs a token to read: set UPTO_READ_TOKEN (or UPTO_TOKEN)'} (HTTP ${response.status})`)
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel()
    throw new CliError(`collector at ${base} answered HTTP ${response.status} for ${path}`)
  }
  const decoder = new TextDecoder()
  try {
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) io.out(decoder.decode(bytes, { stream: true }))
    io.out(decoder.decode())
  } catch (error) {
    throw new CliError(`collector at ${base} broke off the export: ${describe(error)}`)
  }
}
