// The outside world as the CLI sees it. Real values only at the edge (main.ts); tests pass their own.

export interface Io {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  out(text: string): void
  err(text: string): void
  /** Whether stdout is a terminal: decides colour, together with NO_COLOR, FORCE_COLOR and TERM. */
  isTTY: boolean
  /** Whether stderr is a terminal: notes meant for a person at one (finished-steps.ts) are said only there. */
  errIsTTY?: boolean
  columns: number
  now(): number
  /** Resolves with the signal's name when the process is asked to stop (SIGINT, SIGTERM, SIGHUP). */
  stopSignal(): Promise<string>
  /** Keys pressed, one by one, while listened to (a terminal in raw mode); absent when stdin is no terminal. */
  onKey?(listener: (key: string) => void): () => void
}

/** Colour only on a terminal, never with NO_COLOR or TERM=dumb; FORCE_COLOR wins over both. */
export function wantsColor(io: Io): boolean {
  const force = io.env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false
  if (io.env.TERM === 'dumb') return false
  return io.isTTY
}
