// CDEvents onto upto's model. Runs (pipelineRun, taskRun, build, testSuiteRun, testCaseRun) queued/started/
// finished are spans keyed by subject.id: one timeline per pipeline run, in a context named after its pipeline,
// its taskRuns under it (content.pipelineRun.id), test suite runs of the same chain (context.chainId) under it too,
// and testCaseRuns under their testSuiteRun.id. Queued → started is a `queued` step of status `waiting` before the
// run's own span; outcome → status; errors → message; a finished without a start is an orphan, as for upto's
// own events. Every other event is a mark on the timeline of the run it belongs to, or of its own subject.
//
// A child names its parent run by id, not by context: where each run was placed is remembered (Placement) and
// looked up by the caller, so a child that arrives before its parent lands on a timeline of its own.

import type { Incoming } from '../../../core/types.ts'
import { isObject, type Accepted, type Json, type JsonObject } from './cdevent.ts'

export const runSubjects = ['pipelinerun', 'taskrun', 'build', 'testsuiterun', 'testcaserun'] as const
const runPredicates = new Set(['queued', 'started', 'finished'])

/** Where a run's events go: its timeline, and the row its steps are named under. */
export interface Placement {
  context: string
  timeline: string
  name: string
}

/** The places the mapping reads and writes: `run/<subject>/<subject id>` and `chain/<chainId>` (a pipeline run's). */
export type PlacementKey = string
export const runKey = (subject: string, subjectId: string): PlacementKey => `run/${subject}/${subjectId}`
export const chainKey = (chainId: string): PlacementKey => `chain/${chainId}`

/** The context of runs and marks that no pipeline claims. */
export const defaultContext = 'cdevents'

export interface Mapped {
  events: Incoming[]
  /** Placements this event decides, for its children that come later. */
  placed: Array<[PlacementKey, Placement]>
}

/** The placements an event's mapping may read: ask the state for these before mapping. */
export function placementsNeeded(a: Accepted): PlacementKey[] {
  const c = a.event.subject.content
  const keys = [runKey(a.subject, a.event.subject.id)]
  const parent = parentOf(a.subject, c)
  if (parent !== undefined) keys.push(runKey(parent.subject, parent.id))
  const chain = chainOf(a)
  if (chain !== undefined) keys.push(chainKey(chain))
  return keys
}

export function mapEvent(a: Accepted, known: ReadonlyMap<PlacementKey, Placement>): Mapped {
  const { event, subject, predicate } = a
  const content = event.subject.content
  const placed: Array<[PlacementKey, Placement]> = []
  let place = known.get(runKey(subject, event.subject.id))
  if (place === undefined) {
    place = placementOf(a, known)
    placed.push([runKey(subject, event.subject.id), place])
    if (subject === 'pipelinerun' && chainOf(a) !== undefined) placed.push([chainKey(chainOf(a)!), place])
  }
  const base = { context: place.context, timeline: place.timeline, host: '', time: a.timestamp }
  const attrs = attrsOf(a)
  const id = (kind: string) => `${a.contextId.slice(0, 80)}:${subject}:${predicate}:${kind}:${a.timestamp}`.slice(0, 128)

  if ((runSubjects as readonly string[]).includes(subject) && runPredicates.has(predicate)) {
    const queued = `${place.name}.queued`
    if (predicate === 'queued') return { events: [{ ...base, kind: 'start', name: queued, attrs, id: id('q') }], placed }
    if (predicate === 'started') {
      return {
        events: [
          { ...base, kind: 'end', name: queued, status: 'waiting', id: id('qe') },
          { ...base, kind: 'start', name: place.name, attrs, id: id('s') },
        ],
        placed,
      }
    }
    const end: Incoming = { ...base, kind: 'end', name: place.name, status: statusOf(content.outcome), attrs, id: id('e') }
    const message = messageOf(content)
    if (message !== undefined) end.message = message
    return { events: [end], placed }
  }
  return { events: [{ ...base, kind: 'mark', name: `${place.name}.${segment(predicate)}`, attrs, id: id('m') }], placed }
}

/** Where a run not seen before goes: under its parent when the parent is known, else on a timeline of its own. */
function placementOf(a: Accepted, known: ReadonlyMap<PlacementKey, Placement>): Placement {
  const { subject } = a
  const c = a.event.subject.content
  const own = segment(titleOf(subject, c) ?? a.event.subject.id)
  const parent = parentOf(subject, c)
  const up = (parent === undefined ? undefined : known.get(runKey(parent.subject, parent.id)))
    ?? (subject !== 'pipelinerun' && chainOf(a) !== undefined ? known.get(chainKey(chainOf(a)!)) : undefined)
  if (up !== undefined) return { context: up.context, timeline: up.timeline, name: `${up.name}.${own}` }
  if (subject === 'pipelinerun') return { context: contextName(stringOf(c.pipelineName) ?? defaultContext), timeline: timelineId(a.event.subject.id), name: own }
  // a run whose parent is not known yet: its own timeline, named after its parent when it names one
  return { context: defaultContext, timeline: timelineId(parent?.id ?? a.event.subject.id), name: own }
}

/** The run an event's subject runs under, when it names one. */
function parentOf(subject: string, c: JsonObject): { subject: string; id: string } | undefined {
  const parent = subject === 'taskrun' ? ['pipelinerun', idOf(c.pipelineRun)] as const
    : subject === 'testcaserun' ? ['testsuiterun', idOf(c.testSuiteRun)] as const
    : subject === 'testoutput' ? ['testcaserun', idOf(c.testCaseRun)] as const
    : undefined
  return parent?.[1] === undefined ? undefined : { subject: parent[0], id: parent[1] }
}

function chainOf(a: Accepted): string | undefined {
  return stringOf(a.event.context.chainId)
}

/** The row's name: what the run is of (pipelineName, taskName, testSuite.name, testCase.name). */
function titleOf(subject: string, c: JsonObject): string | undefined {
  switch (subject) {
    case 'pipelinerun': return 'pipeline'
    case 'taskrun': return stringOf(c.taskName)
    case 'testsuiterun': return stringOf(isObject(c.testSuite) ? c.testSuite.name : undefined) ?? idOf(c.testSuite)
    case 'testcaserun': return stringOf(isObject(c.testCase) ? c.testCase.name : undefined) ?? idOf(c.testCase)
    case 'build': return 'build'
    default: return subject
  }
}

/** outcome → status: success ok, failure and error error, cancel cancelled; anything else as it is. */
export function statusOf(outcome: Json | undefined): string {
  switch (outcome) {
    case undefined: case null: case 'success': case 'pass': return 'ok'
    case 'failure': case 'fail': case 'error': return 'error'
    case 'cancel': return 'cancelled'
    default: return typeof outcome === 'string' ? outcome.slice(0, 64) : 'ok'
  }
}

function messageOf(c: JsonObject): string | undefined {
  const m = stringOf(c.errors) ?? stringOf(c.reason)
  return m === undefined ? undefined : m.slice(0, 4_000)
}

/** What a person looks for on the step: the event's type, subject, source and the content's plain fields. */
function attrsOf(a: Accepted): Record<string, string> {
  const attrs: Record<string, string> = { 'cdevents.type': a.event.context.type, 'cdevents.subject': a.event.subject.id }
  if (a.event.subject.source !== undefined) attrs['cdevents.source'] = String(a.event.subject.source)
  else attrs['cdevents.source'] = a.event.context.source
  for (const [k, v] of Object.entries(a.event.subject.content)) {
    if (Object.keys(attrs).length >= 32) break
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attrs[k] = String(v).slice(0, 1_000)
    else if (idOf(v) !== undefined) attrs[`${k}.id`] = idOf(v)!.slice(0, 1_000)
  }
  return attrs
}

function idOf(v: Json | undefined): string | undefined {
  return isObject(v) ? stringOf(v.id) : undefined
}

function stringOf(v: Json | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** One segment of a dotted name: no dots, printable, at most 200 bytes. */
export function segment(s: string): string {
  const plain = s.replace(/[.\s]+/g, '_').replace(/[^\x21-\x7e]/g, '_').slice(0, 200)
  return plain === '' ? '_' : plain
}

function contextName(s: string): string {
  const plain = s.replace(/[\x00-\x1f\x7f]/g, '_')
  return new TextEncoder().encode(plain).length <= 200 ? plain : plain.slice(0, 60)
}

function timelineId(s: string): string {
  return segment(s)
}
