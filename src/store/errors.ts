// Errors users see when the store cannot be opened. Codes are stable: the CLI maps them to exit codes.

export type StoreErrorCode = 'locked' | 'corrupt' | 'unreadable'

export class StoreError extends Error {
  override name = 'StoreError'
  readonly code: StoreErrorCode
  /** The data folder concerned. */
  readonly dir: string

  constructor(code: StoreErrorCode, dir: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.dir = dir
  }
}
