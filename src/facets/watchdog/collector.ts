// What the watchdog adds to the collector: its table (PostgreSQL), its HTTP routes and page, its metrics, and at
// start the services kept in its state, the timer on their deadlines and the MQTT link when --mqtt is given.

import type { CollectorFacet, FacetContext } from '../types.ts'
import { isUp } from './model/states.ts'
import type { RefusalReason } from './model/messages.ts'
import { requiredDown } from './model/expected.ts'
import { startMqttLink, type MqttLink } from './mqtt-link.ts'
import { addServicesPage, SERVICES_CSS } from './page.ts'
import { addWatchdogRoutes } from './routes.ts'
import { prepareServiceStore, serviceStore } from './service-store.ts'
import { readWatchdogSettings } from './settings.ts'
import { createWatchdog, type Watchdog } from './watchdog.ts'

export function watchdogCollector(raw: Readonly<Record<string, unknown>>): CollectorFacet {
  const settings = readWatchdogSettings(raw)
  let watchdog: Watchdog | undefined
  let link: MqttLink | undefined
  let refused: (reason: RefusalReason) => void = () => {}
  let accepted: (kind: string) => void = () => {}

  const watchdogOf = (context: FacetContext): Watchdog => {
    watchdog ??= createWatchdog({
      store: serviceStore(context.state!), ingest: context.ingest, log: context.log, now: context.now,
      timeouts: settings.timeouts, policy: settings.policy, topics: settings.topics, timings: settings.timings, context: settings.context,
      refused: (reason) => refused(reason), accepted: (kind) => accepted(kind),
    })
    return watchdog
  }

  return {
    styles: [SERVICES_CSS],
    prepare: prepareServiceStore,

    routes(app, context) {
      if (context.state === undefined) return // a store that keeps no facet state: no watchdog
      const dog = watchdogOf(context)
      const refusedCounter = context.metrics.counter('watchdog_messages_refused', 'Watchdog messages refused, by reason: malformed, protocol_version, shape, unknown_gid, session, unexpected.')
      const acceptedCounter = context.metrics.counter('watchdog_messages', 'Watchdog messages taken, by kind: onboarding, ping, runtime, config, end, logger.')
      refused = (reason) => refusedCounter(reason)
      accepted = (kind) => acceptedCounter(kind)
      context.metrics.gauge('service_up', 'Whether each service the watchdog knows (archived ones aside) is active: 1 up, 0 not.', () =>
        dog.services().filter((s) => s.state !== 'archived').map((s) => ({
          labels: { gid: s.gid, name: s.identifier.name, type: s.identifier.type, host: s.identifier['host-name'] ?? '', state: s.state, necessity: s.necessity ?? '' },
          value: isUp(s) ? 1 : 0,
        })))
      context.metrics.gauge('required_services_down', 'Expected services of necessity "required" that are not active: an alert when above 0.', () =>
        [{ value: requiredDown(settings.policy.expected, dog.services()) }])
      const deps = { watchdog: dog, expected: settings.policy.expected, now: context.now, mqtt: () => link, refused: (reason: RefusalReason) => refusedCounter(reason) }
      addWatchdogRoutes(app, deps)
      addServicesPage(app, { ...deps, context: settings.context })
    },

    async start(context) {
      if (context.state === undefined) return { close: async () => {} }
      const dog = watchdogOf(context)
      await dog.load()
      if (settings.mqtt !== undefined) {
        link = await startMqttLink({ url: settings.mqtt, watchdog: dog, topics: settings.topics, heartbeatEvery: settings.heartbeatEvery, log: context.log, now: context.now, refused: (reason) => refused(reason) })
      }
      return {
        async close() {
          await link?.close()
          link = undefined
          await dog.close()
        },
      }
    },
  }
}
