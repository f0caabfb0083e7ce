// The upto model: messages in, timelines out. Pure types, shared by every layer.

/** What a message says happened. Wire numbers: 0 start, 1 end, 2 mark, 3 new. */
export type MessageKind = 'start' | 'end' | 'mark' | 'new'

/** Unix time in milliseconds; fractions carry sub-millisecond precision. */
export type Millis = number

/**
 * A valid event as decoded from any wire format, before the collector places it in a timeline.
 * `time` is absent when the sender gave none (text lines) or for `new`: the receive time is used then.
 */
export interface Incoming {
  kind: MessageKind
  context: string
  /** Full dotted name, `ancestor.parent.step`; '' for `new`. */
  name: string
  /** '' when the sender named no host. */
  host: string
  time?: Millis
  timeline?: string
  status?: string
  message?: string
  attrs?: Record<string, string>
  /** Sender-chosen id that makes retries of one message idempotent. */
  id?: string
}

/** An accepted message as the store keeps it: placed in a timeline, with event and receive times. */
export interface Stored extends Incoming {
  timeline: string
  time: Millis
  received: Millis
}

/** A timeline as the store records it when its first message is accepted. */
export interface TimelineInfo {
  context: string
  id: string
  /** Receive time of the message that created it. Newest timeline = greatest (created, creation order). */
  created: Millis
}

export interface ContextInfo {
  name: string
  timelines: number
  newest: TimelineInfo
}

/** Why a message was refused. Stable codes: they are metric labels and API answers. */
export type RefusalReason =
  | 'malformed' // bytes or JSON that do not decode at all
  | 'not_an_event' // decodes, but is not a map/object
  | 'bad_type' // missing or unknown message type
  | 'bad_context'
  | 'bad_timeline'
  | 'bad_name'
  | 'bad_host'
  | 'bad_time'
  | 'bad_status'
  | 'bad_message'
  | 'bad_attrs'
  | 'bad_id'
  | 'too_large' // datagram, body or batch over its limit
  | 'unsupported_media_type'
  | 'unsigned' // UDP with --udp-key: the datagram carries no signature
  | 'bad_signature' // UDP with --udp-key: the signature does not match the content

export interface Refusal {
  /** Position in the batch (0 for a single message). */
  index: number
  reason: RefusalReason
  /** Human words: names the value and what was expected. */
  detail: string
}

/** What every decoder returns: never throws; valid items of a mixed batch are kept. */
export interface Decoded {
  events: Incoming[]
  refused: Refusal[]
}

// ---- Derived views: built from Stored messages by a pure function ----

/** How an attempt ended, or did not. */
export type AttemptState = 'done' | 'running' | 'abandoned' | 'orphan' | 'stale'

/** One start→end pairing of an event key. A start after an end of the same key opens the next attempt. */
export interface Attempt {
  /** 1-based. */
  attempt: number
  /** Absent only for an orphan end (its start never arrived). */
  start?: Millis
  /** Absent while running, or abandoned (a later start came first). */
  end?: Millis
  state: AttemptState
  /** `status` of the end message, else 'ok' when done, else the state: 'running', 'abandoned', 'orphan', 'stale' (stale.ts). */
  status: string
  message?: string
  attrs: Record<string, string>
}

/** One row of a timeline: an event key (name, host), or an implied ancestor, or a mark. */
export interface Row {
  name: string
  host: string
  /** Number of dots in the name: 0 for a root. */
  depth: number
  kind: 'span' | 'implied' | 'mark'
  /** Earliest known time of the row (an orphan's end when nothing else is known). */
  start: Millis
  /** Latest end; absent while anything in it is still running. */
  end?: Millis
  /** Status of the last attempt; for implied rows 'error' if any descendant failed, 'running' if any runs. */
  status: string
  attempts: Attempt[]
  /** Full names of the child nodes, in display order. */
  children: string[]
}

export interface Timeline {
  context: string
  id: string
  created: Millis
  /** Earliest time in the timeline (`First` in the original API). */
  first?: Millis
  /** Latest time in the timeline (`Last`); a running timeline's latest known time. */
  last?: Millis
  running: boolean
  /** Every row in display order: depth-first, siblings by start time, then name, then host. */
  rows: Row[]
  /** Set by markStale (stale.ts): its first stale step (by start) and since when it has had no end. */
  stale?: { name: string; since: Millis }
}

/** One line about a timeline: what `upto ls` and the context pages show. */
export interface TimelineSummary {
  context: string
  id: string
  created: Millis
  start?: Millis
  /** Absent while running or when the timeline has no event yet. */
  end?: Millis
  /** end − start, or now − start while running. */
  duration?: Millis
  /** 'empty' (no event), 'running', 'error' (any row failed), 'stale' (an end never came), 'orphan' (ends without starts), else 'ok'. */
  status: string
  /** Rows that are real events (spans and marks, not implied ancestors). */
  events: number
  /** Rows whose last attempt failed; `failed` names the first of them. */
  errors: number
  failed?: string
  /** Rows (not marks) with more than one attempt. */
  retried: number
  running: boolean
  /** The first step whose end never came within the stale limit (stale.ts), and since when. */
  stale?: { name: string; since: Millis }
}
