// Every source type a `[sources.NAME]` section can name with `type = "…"`. Adding one is its folder and a line here.

import { agentSource } from './agent/source.ts'
import { natsSource } from './nats/index.ts'
import { webhookSource } from './webhook/source.ts'
import { folderSource } from './folder/source.ts'
import type { SourceType } from './types.ts'
import { udpSource } from './udp/source.ts'

export const sourceTypes: readonly SourceType<never>[] = [udpSource, natsSource, webhookSource, folderSource, agentSource]
