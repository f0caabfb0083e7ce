// Every sink type a `[sinks.NAME]` section can name with `type = "…"`. Adding one is its folder and a line here.

import { folderSink } from './folder/sink.ts'
import { httpSink } from './http/sink.ts'
import { natsSink } from './nats/sink.ts'
import { stdoutSink } from './stdout/sink.ts'
import type { SinkType } from './types.ts'

export const sinkTypes: readonly SinkType<never>[] = [stdoutSink, httpSink, folderSink, natsSink]
