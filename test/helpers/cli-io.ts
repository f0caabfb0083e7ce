import type { Io } from '../../src/cli/io.ts'

export interface CapturedIo extends Io {
  stdout: string
  stderr: string
}

/** An Io that records what the CLI prints, with a fixed clock and no terminal. */
export function captureIo(argv: string[], env: Record<string, string> = {}, now = 1_700_000_000_000): CapturedIo {
  const io: CapturedIo = {
    argv,
    env,
    stdout: '',
    stderr: '',
    out: (text) => {
      io.stdout += text
    },
    err: (text) => {
      io.stderr += text
    },
    isTTY: false,
    columns: 100,
    now: () => now,
    stopSignal: () => new Promise(() => {}),
  }
  return io
}
