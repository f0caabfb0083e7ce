// The client commands' options, in one table: the fast path parses with it, commander's help shows it.

export interface ClientOption {
  /** The key in the parsed options. */
  key: string
  /** Long names, without dashes; the first is the one help shows last (`--rh, --remotehost`). */
  long: readonly string[]
  short?: string
  /** The value's name in help; absent for a boolean flag. */
  value?: string
  multiple?: boolean
  description: string
}

/** Accepted before or after the command, as the original client's were. */
export const globalOptions: readonly ClientOption[] = [
  { key: 'remotehost', long: ['rh', 'remotehost'], value: 'host', description: 'collector host (default 127.0.0.1; env UPTO_SERVER=host:port)' },
  { key: 'remoteport', long: ['rp', 'remoteport'], value: 'port', description: 'collector port (default 8123)' },
  { key: 'hostname', long: ['hostname'], short: 'n', value: 'name', description: 'host name recorded with the event' },
  { key: 'autohost', long: ['autohost'], short: 'a', description: "record this machine's host name with the event" },
  { key: 'autoip', long: ['autoip'], short: 'i', description: "let the collector record the sender's IP address as the host" },
  { key: 'http', long: ['http'], description: 'send over HTTP and wait for the acknowledgement (default: UDP, fire-and-forget)' },
  { key: 'timeout', long: ['timeout'], value: 'seconds', description: 'how long --http and the viewing commands wait for the collector (default 5)' },
]

export const eventOptions: readonly ClientOption[] = [
  { key: 'timeline', long: ['timeline'], value: 'id', description: 'the timeline (run) this event belongs to; default: the newest of the context' },
  { key: 'status', long: ['status'], value: 'word', description: 'status: ok, error, or any word' },
  { key: 'message', long: ['message'], value: 'text', description: 'a message shown with the event' },
  { key: 'attr', long: ['attr'], value: 'key=value', multiple: true, description: 'an attribute (repeatable)' },
]

export const newOptions: readonly ClientOption[] = [
  { key: 'timeline', long: ['timeline'], value: 'id', description: 'the new timeline id (default: the CI run id, else one made here, time-sortable; printed)' },
]

export const runOptions: readonly ClientOption[] = [
  { key: 'strict', long: ['strict'], description: 'fail when an event cannot be delivered (default: warn, and return the command\'s exit code)' },
]

/** Commander's flags string: `-n, --hostname <name>`, `--rh, --remotehost <host>`. */
export function commanderFlags(option: ClientOption): string {
  const names = [...(option.short ? [`-${option.short}`] : []), ...option.long.map((name) => `--${name}`)]
  return names.join(', ') + (option.value ? ` <${option.value}>` : '')
}
