// A CDEvent as the facet reads one: the spec's context and subject, its type split into subject, predicate and
// version, and the spec version it was written in. Versions 0.3 and 0.4 name it `context.version`, 0.5
// `context.specversion`; 0.5 dropped `subject.type`. Pure: no I/O, the content id is computed by the caller.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export interface CDEvent {
  context: JsonObject & { id: string; source: string; type: string; timestamp: string }
  subject: JsonObject & { id: string; source?: string; type?: string; content: JsonObject }
  customData?: Json
}

/** The spec versions upto reads, by their major.minor. */
export const specVersions = ['0.3', '0.4', '0.5'] as const
export type SpecVersion = (typeof specVersions)[number]

export interface EventType {
  /** Lower case, as in the type: `pipelinerun`, `testcaserun`, `service`. */
  subject: string
  /** `queued`, `started`, `finished`, `deployed`, … */
  predicate: string
  /** The event type's own version: `0.1.1`. */
  version: string
}

const typePattern = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.([0-9]+\.[0-9]+\.[0-9]+(?:-draft)?)$/

export function parseType(type: string): EventType | undefined {
  const m = typePattern.exec(type)
  return m === null ? undefined : { subject: m[1]!, predicate: m[2]!, version: m[3]! }
}

/** The spec version a context says it is written in (`0.4.1`), whichever key it uses. */
export function specVersionOf(context: JsonObject): string | undefined {
  const v = context.specversion ?? context.version
  return typeof v === 'string' ? v : undefined
}

export function specOf(version: string): SpecVersion | undefined {
  return specVersions.find((s) => version === s || version.startsWith(`${s}.`))
}

/** What the facet keeps of one accepted CDEvent: the event as normalised, and its keys. */
export interface Accepted {
  event: CDEvent
  contextId: string
  subject: string
  predicate: string
  /** The event type's version (`0.1.1` of dev.cdevents.pipelinerun.started.0.1.1), as cdviz's lake keeps it. */
  version: string
  /** The spec version, as the event says it (`0.4.1`). */
  specVersion: string
  /** context.timestamp, in Unix milliseconds. */
  timestamp: number
  received: number
}

/**
 * Duplicates are recognised as cdviz does: one (context id, type, timestamp) is one event. The type is the whole
 * event type (subject, predicate and its version): the spec's conformance files share one context id and one
 * timestamp across types, and are all kept.
 */
export function duplicateKey(a: Pick<Accepted, 'contextId' | 'subject' | 'predicate' | 'version' | 'timestamp'>): string {
  return `${a.contextId}\0${a.subject}.${a.predicate}.${a.version}\0${a.timestamp}`
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The event as JSON with object keys sorted and no whitespace: what cdviz-collector hashes for a content id.
 * JSON.stringify writes non-ASCII characters as themselves, as serde_json does.
 */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isObject(value)) {
    const keys = Object.keys(value).sort()
    return `{${keys.filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
