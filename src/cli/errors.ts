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
