// Errors the CLI shows to people. The exit code is decided here and turned into one in main.ts only.

export const exitCodes = Object.freeze({
  ok: 0,
  /** The work failed: delivery with --http, a collector that cannot be reached, a timeline not found. */
  failure: 1,
  /** The command line was wrong: an unknown flag, a missing argument, a bad value. */
  usage: 2,
})

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failure,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, exitCodes.usage)
}

/** Prints a CliError the way every command does and gives its exit code; anything else is a bug and is rethrown. */
export function reportError(err: (text: string) => void, error: unknown): number {
  if (!(error instanceof CliError)) throw error
  err(`upto: ${error.message}\n`)
  return error.exitCode
}
