// Opens a LevelDB data folder for a command given --data, turning the store's errors into the CLI's.

import { StoreError } from '../store/errors.ts'
import { openLevelStore } from '../store/level.ts'
import type { Store } from '../store/types.ts'
import { CliError } from './errors.ts'

/** `instead` says what to do when a running collector holds the folder, e.g. "leave out --data to ask it instead". */
export async function openDataFolder(dir: string, instead: string): Promise<Store> {
  try {
    return await openLevelStore(dir)
  } catch (error) {
    if (error instanceof StoreError && error.code === 'store_locked') {
      throw new CliError(`data folder ${error.dir} is in use by a running collector: ${instead}`)
    }
    if (error instanceof StoreError) throw new CliError(error.message)
    throw error
  }
}
