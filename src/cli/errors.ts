// Errors the CLI shows to people. The exit code of every error is decided here, from its code, and turned into
// one in main.ts only.

import { type ErrorCode, UptoError } from '../core/errors.ts'

export const exitCodes = Object.freeze({
  ok: 0,
  /** The work failed: delivery with --http, a collector that cannot be reached, a timeline not found. */
  failure: 1,
  /** The command line was wrong: an unknown flag, a missing argument, a bad value. */
  usage: 2,
})

/** An error a command reports: a failure (exit 1) unless it says otherwise. */
export class CliError extends UptoError {
  override name = 'CliError'

  constructor(message: string, code: ErrorCode = 'failure') {
    super(code, message)
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, 'usage')
}

/** The exit code of an error's code: the one table. */
export function exitCodeOf(code: ErrorCode): number {
  return code === 'usage' ? exitCodes.usage : exitCodes.failure
}

/** Prints an UptoError the way every command does and gives its exit code; anything else is a bug and is rethrown. */
export function reportError(err: (text: string) => void, error: unknown): number {
  if (!(error instanceof UptoError)) throw error
  err(`upto: ${error.message}\n`)
  return exitCodeOf(error.code)
}
