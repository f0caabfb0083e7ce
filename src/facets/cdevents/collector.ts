// What the cdevents facet adds to the collector: the lake beside the events (PostgreSQL tables or a key space),
// POST /api/cdevents, what runs where and the DORA figures (API and pages).

import type { FeedItem } from '../../sinks/types.ts'
import type { StateBackend } from '../../store/types.ts'
import type { Accepted } from './model/cdevent.ts'
import type { CollectorFacet, FacetContext } from '../types.ts'
import { addDeliveryRoutes } from './delivery-routes.ts'
import { createCdeventFormat } from './format.ts'
import { createIntake, type Intake } from './intake.ts'
import { CDEVENTS_CSS, addCdeventPages } from './pages.ts'
import { addCdeventRoutes } from './routes.ts'
import { cdeventLake, prepareLake } from './store.ts'

const intakes = new WeakMap<StateBackend, Intake>()

export const cdeventsFeed = 'cdevents'

/** An accepted CDEvent as the sinks forward it: a CloudEvent of its context's attributes, the CDEvent as its data. */
export function feedItemOf(a: Accepted): FeedItem {
  const c = a.event.context
  return { id: c.id, source: c.source, type: c.type, time: c.timestamp, specversion: '1.0', data: a.event }
}

/** The one intake of a collector's state: every route and source goes through it, one batch at a time. */
export function intakeOf(context: FacetContext): Intake | undefined {
  const state = context.state
  if (state === undefined) return undefined
  let intake = intakes.get(state)
  if (intake === undefined) {
    const count = context.metrics.counter('cdevents', 'CDEvents received: accepted, duplicate, or refused as malformed, not_a_cloudevent, not_a_cdevent, unsupported_version, unknown_type or invalid.')
    const unmapped = context.metrics.counter('cdevents_unmapped', 'Accepted CDEvents whose upto event the core refused (kept in the lake all the same).')
    intake = createIntake({
      lake: cdeventLake(state),
      ingest: context.ingest,
      count: (outcome, n) => count(outcome, n),
      unmapped: (detail) => {
        unmapped()
        context.log.warn(`cdevents: not mapped: ${detail}`)
      },
    })
    intakes.set(state, intake)
    const feed = context.feed
    // every accepted CDEvent, once durable, to the sinks of `feed = "cdevents"`
    if (feed !== undefined) intake.onAccepted((accepted) => feed(cdeventsFeed, accepted.map(feedItemOf)))
  }
  return intake
}

export function cdeventsCollector(): CollectorFacet {
  /** The intake the routes made, for the format's sources, which start after the routes. */
  let madeIntake: Intake | undefined
  return {
    formats: [createCdeventFormat(() => madeIntake)],
    styles: [CDEVENTS_CSS],
    prepare: prepareLake,
    routes(app, context) {
      const intake = intakeOf(context)
      if (intake === undefined || context.state === undefined) return
      madeIntake = intake
      addCdeventRoutes(app, { intake, now: context.now })
      const lake = cdeventLake(context.state)
      addDeliveryRoutes(app, { lake, now: context.now })
      addCdeventPages(app, { lake, now: context.now })
    },
  }
}
