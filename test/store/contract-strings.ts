// The part of the store contract about text: every string the collector accepts comes back exactly as it was
// given, code unit for code unit (a leading U+FEFF, U+2028, astral characters, text that looks like a key
// separator). Registered by storeContract inside its describe.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import fc from 'fast-check'
import { checkEvent, Refused } from '../../src/core/validate.ts'
import type { Stored } from '../../src/core/types.ts'
import type { Store } from '../../src/store/types.ts'
import { t0, timeline } from './fixtures.ts'

/** Characters that have tripped decoders and encoders before, mixed into random Unicode. */
const tricky = fc.constantFrom('\ufeff', '\ufffe', '\uffff', '\u2028', '\u00a0', '😀', '\u{10ffff}', 'é', '\\', '/', '%00', '"', ' ')
const text = (maxLength: number) =>
  fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })), { maxLength }).map((parts) => parts.join(''))

/** A message whose every field is random text the validator lets through; its timeline made unique by `n`. */
const accepted = fc
  .record({
    context: text(8).map((s) => s || '\ufeff'),
    timeline: text(6),
    name: fc.array(text(4).map((s) => s.replaceAll('.', '') || '\ufeff'), { minLength: 1, maxLength: 3 }).map((s) => s.join('.')),
    host: text(6),
    message: text(10),
    attrs: fc.dictionary(text(4).map((s) => s || '\ufeff'), text(6), { maxKeys: 3 }).map((d) => ({ ...d })),
    id: text(4),
  })
  .filter((f) => !(checkEvent({ type: 'start', time: t0, ...f, timeline: `${f.timeline}#` }, t0 + 1) instanceof Refused))

const BOM_FIRST: Omit<Stored, 'received'> = {
  kind: 'start', context: '\ufeffbuild', timeline: '\ufeff', name: '\ufeffcompile.\ufefflink', host: '\ufeffci',
  time: t0, message: '\ufeff', attrs: { '\ufeffk': '\ufeffv' }, id: '\ufeffid',
}

export function stringsContract(current: () => Store): void {
  it('gives back a leading U+FEFF in every field, in ids and context names too', async () => {
    const store = current()
    const m: Stored = { ...BOM_FIRST, received: t0 }
    await store.append([m], [timeline(m.context, m.timeline)])
    assert.deepEqual(await store.messages(m.context, m.timeline), [m])
    assert.deepEqual(await store.timeline(m.context, m.timeline), timeline(m.context, m.timeline))
    assert.deepEqual((await store.timelines(m.context)).items, [timeline(m.context, m.timeline)])
    assert.deepEqual((await store.contexts()).map((c) => c.name), [m.context])
    assert.deepEqual(await store.messages('build', ''), [])
  })

  it('gives back every string the collector accepts exactly as it was given', async () => {
    const store = current()
    let n = 0
    await fc.assert(
      fc.asyncProperty(accepted, async (f) => {
        const id = `${f.timeline}#${n++}`
        const m: Stored = { kind: 'start', ...f, timeline: id, time: t0, received: t0 }
        if (f.message === '') delete m.message
        if (f.id === '') delete m.id
        if (Object.keys(f.attrs).length === 0) delete m.attrs
        await store.append([m], [timeline(f.context, id)])
        assert.deepEqual(await store.messages(f.context, id), [m])
        assert.deepEqual(await store.timeline(f.context, id), timeline(f.context, id))
        assert.ok((await store.contexts()).some((c) => c.name === f.context), `context ${JSON.stringify(f.context)} is listed`)
      }),
      { numRuns: 150 },
    )
  })
}
