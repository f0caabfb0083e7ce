// Every sink type a `[sinks.NAME]` section can name with `type = "…"`. Adding one is its folder and a line here.

import { stdoutSink } from './stdout/sink.ts'
import type { SinkType } from './types.ts'

export const sinkTypes: readonly SinkType<never>[] = [stdoutSink]
