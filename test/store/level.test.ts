import { join } from 'node:path'
import { openLevelStore } from '../../src/store/level.ts'
import { storeContract } from './contract.ts'
import { tempFolder } from './temp-folder.ts'

storeContract('level', async () => {
  const { dir, remove } = await tempFolder()
  const data = join(dir, 'data')
  return { store: await openLevelStore(data), reopen: () => openLevelStore(data), cleanup: remove }
})
