// A TypeScript service imports the servicegraph-context helpers from the package, built, with their types:
// `import { parseGraphContext } from 'upto/graph-context'` (the package refers to itself by its name here).

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { contextHeader, formatGraphContext, parseGraphContext, type GraphContext } from 'upto/graph-context'

test('upto/graph-context writes the header a service answers with and reads it back, as the SDK does', () => {
  const nodes: GraphContext = { serviceNode: '50e1147a-2643-4b97-a0bd-be87f84851c3', transactionNode: 'c221a8be-f9be-11eb-9a03-0242ac130003' }
  assert.equal(contextHeader, 'servicegraph-context')
  const header = formatGraphContext(nodes)
  assert.equal(header, 'service-node=50e1147a-2643-4b97-a0bd-be87f84851c3 transaction-node=c221a8be-f9be-11eb-9a03-0242ac130003')
  assert.deepEqual(parseGraphContext(header), nodes)
  // the SDK's own examples: 32 hex digits, either order, junk left out
  assert.deepEqual(parseGraphContext('transaction-node=50e1147a26434b97a0bdbe87f84851c3 service-node=c221a8bef9be11eb9a030242ac130003 nonsense'),
    { transactionNode: '50e1147a-2643-4b97-a0bd-be87f84851c3', serviceNode: 'c221a8be-f9be-11eb-9a03-0242ac130003' })
  assert.deepEqual(parseGraphContext(undefined), {})
})
