import { openPostgresStore } from '../../src/store/postgres.ts'
import { storeContract } from './contract.ts'
import { describeWithPostgres, dropSchema, findPostgres, freshSchema } from './postgres-server.ts'

describeWithPostgres('the store contract on PostgreSQL', await findPostgres(), (url) => {
  storeContract('postgres', async () => {
    const schema = freshSchema()
    return {
      store: await openPostgresStore(url, { schema }),
      reopen: () => openPostgresStore(url, { schema }),
      cleanup: () => dropSchema(url, schema),
    }
  })
})
