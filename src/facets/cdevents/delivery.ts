// What runs where and the DORA figures, read from the lake: the answers of the API, the pages and the commands.

import { deploymentsOf, whatRunsWhere, type Running } from './model/deployments.ts'
import { doraFigures, doraSubjects, type DoraFigures, type Window } from './model/dora.ts'
import type { DeliveryQuery } from './model/query.ts'
import type { CdeventLake } from './store.ts'

export async function deploymentsNow(lake: CdeventLake, query: DeliveryQuery): Promise<Running[]> {
  const running = whatRunsWhere(deploymentsOf(await lake.history(['service'])), query.environment)
  return query.service === undefined ? running : running.filter((r) => r.service === query.service)
}

export async function doraNow(lake: CdeventLake, query: DeliveryQuery, window: Window): Promise<DoraFigures[]> {
  // events before the window count too: a change merged last month deployed today has its lead time
  const events = await lake.history(doraSubjects, { to: window.to })
  return doraFigures(events, window, { ...(query.environment === undefined ? {} : { environment: query.environment }), ...(query.service === undefined ? {} : { service: query.service }) })
}
