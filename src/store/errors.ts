// Errors users see when the store cannot be opened: the data folder is locked, corrupt or unreadable.

import { UptoError } from '../core/errors.ts'

export type StoreErrorCode = 'store_locked' | 'store_corrupt' | 'store_unreadable'

export class StoreError extends UptoError {
  override name = 'StoreError'
  declare readonly code: StoreErrorCode
  /** The data folder concerned. */
  readonly dir: string

  constructor(code: 'locked' | 'corrupt' | 'unreadable', dir: string, message: string, options?: { cause?: unknown }) {
    super(`store_${code}`, message, options)
    this.dir = dir
  }
}
