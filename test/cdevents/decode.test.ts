// Decoding, normalising and validating CDEvents: every conformance file of spec 0.3, 0.4 and 0.5 accepted and
// mapped; unknown types, unsupported versions and malformed events refused with their reason; the content id
// computed as cdviz-collector does.

import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { contentId } from '../../src/facets/cdevents/content-id.ts'
import { canonicalJson, duplicateKey } from '../../src/facets/cdevents/model/cdevent.ts'
import { mapEvent } from '../../src/facets/cdevents/model/mapping.ts'
import { normalise } from '../../src/facets/cdevents/model/normalise.ts'
import { createValidator, isRefusal } from '../../src/facets/cdevents/validate.ts'
import { itemsOf } from '../../src/facets/cdevents/cloudevents.ts'
import { checkEvent, Refused } from '../../src/core/validate.ts'
import { fixture, fixtures } from './fixtures.ts'

const validator = createValidator()
const received = Date.UTC(2024, 0, 1)

describe('the conformance files', () => {
  test('there are files of the three spec versions', () => {
    assert.deepEqual([...new Set(fixtures.map((f) => f.version))], ['v0.3.0', 'v0.4.1', 'v0.5.1'])
    assert.equal(fixtures.length, 129)
  })

  for (const f of fixtures) {
    test(`${f.version}/${f.file} is accepted and mapped onto valid upto events`, () => {
      const accepted = validator.check(f.event, received)
      assert.ok(!isRefusal(accepted), JSON.stringify(accepted))
      assert.equal(`dev.cdevents.${accepted.subject}.${accepted.predicate}.${accepted.version}`, f.event.context.type)
      assert.equal(accepted.specVersion, f.version.slice(1))
      const mapped = mapEvent(accepted, new Map())
      assert.ok(mapped.events.length >= 1)
      for (const e of mapped.events) {
        const checked = checkEvent({ type: e.kind, context: e.context, name: e.name, host: e.host, time: e.time, timeline: e.timeline, status: e.status, message: e.message, attrs: e.attrs, id: e.id }, received)
        assert.ok(!(checked instanceof Refused), `${e.name}: ${(checked as Refused).detail}`)
      }
    })
  }

  test('one context id and timestamp across types: every file has its own duplicate key', () => {
    const keys = fixtures.map((f) => {
      const a = validator.check(f.event, received)
      assert.ok(!isRefusal(a))
      return duplicateKey(a)
    })
    assert.equal(new Set(keys).size, fixtures.length)
  })
})

describe('refusals, with their reason', () => {
  const refusal = (value: unknown) => {
    const r = validator.check(value, received)
    assert.ok(isRefusal(r), 'refused')
    return r
  }

  test('not an object with a context and a subject', () => {
    assert.equal(refusal([1, 2]).reason, 'not_a_cdevent')
    assert.equal(refusal({ context: {} }).reason, 'not_a_cdevent')
  })

  test('an unknown type, or a type of a later spec version', () => {
    const e = fixture('v0.4.1', 'build_started.json')
    e.context.type = 'dev.cdevents.spaceship.launched.0.1.0'
    assert.equal(refusal(e).reason, 'unknown_type')
    assert.match(refusal(e).detail, /spaceship/)
    const ticket = fixture('v0.4.1', 'ticket_created.json')
    ticket.context.version = '0.3.0'
    delete ticket.context.chainId
    delete ticket.context.schemaUri
    delete ticket.context.links
    assert.equal(refusal(ticket).reason, 'unknown_type')
  })

  test('a spec version upto does not read', () => {
    const e = fixture('v0.4.1', 'build_started.json')
    e.context.version = '0.2.0'
    assert.equal(refusal(e).reason, 'unsupported_version')
  })

  test('a field the schema requires is missing, or of the wrong type', () => {
    const e = fixture('v0.5.1', 'service_deployed.json')
    delete e.subject.content.artifactId
    const r = refusal(e)
    assert.equal(r.reason, 'invalid')
    assert.match(r.detail, /artifactId/)
    const bad = fixture('v0.3.0', 'pipelinerun_started.json')
    bad.context.timestamp = 'yesterday'
    assert.equal(refusal(bad).reason, 'invalid')
    assert.match(refusal(bad).detail, /context\.timestamp/)
  })

  test('0.5 has no subject.type and says specversion; 0.4 says version', () => {
    const e = fixture('v0.5.1', 'build_started.json')
    e.subject.type = 'build'
    assert.match(refusal(e).detail, /unknown field "type"/)
    const old = fixture('v0.4.1', 'build_started.json')
    old.context.specversion = old.context.version
    delete old.context.version
    assert.match(refusal(old).detail, /required property 'version'/)
  })
})

describe('normalising before validation', () => {
  const options = { received, sourceName: 'webhook-github', contentId }

  test('a missing timestamp is the receive time, a missing source the source\'s name', () => {
    const e = fixture('v0.4.1', 'build_started.json')
    delete e.context.timestamp
    delete e.context.source
    const n = normalise(e, options) as any
    assert.equal(n.context.timestamp, '2024-01-01T00:00:00.000Z')
    assert.equal(n.context.source, 'webhook-github')
    assert.ok(!isRefusal(validator.check(n, received)))
    assert.equal(e.context.timestamp, undefined, 'the input is left as it was')
  })

  for (const id of [undefined, '', '0']) {
    test(`context.id ${JSON.stringify(id)} becomes the content id of the event without it`, () => {
      const e = fixture('v0.5.1', 'pipelinerun_started.json')
      if (id === undefined) delete e.context.id
      else e.context.id = id
      const n = normalise(e, options) as any
      const without = structuredClone(n)
      delete without.context.id
      assert.equal(n.context.id, contentId(without))
      assert.match(n.context.id, /^bafkrei[a-z2-7]{52}$/)
      // the same event, with its keys in another order, has the same id
      const reversed = (v: any): any => (Array.isArray(v) ? v.map(reversed) : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reversed(v[k])])) : v)
      const shuffled = reversed(e)
      assert.notEqual(JSON.stringify(shuffled), JSON.stringify(e))
      assert.equal((normalise(shuffled, options) as any).context.id, n.context.id)
    })
  }

  test('a given id is kept', () => {
    const e = fixture('v0.5.1', 'pipelinerun_started.json')
    assert.equal((normalise(e, options) as any).context.id, '271069a8-fc18-44f1-b38f-9d70a1695819')
  })
})

describe('the content id', () => {
  // an independent writing of the same: CIDv1 bytes (0x01 0x55 0x12 0x20 digest), RFC 4648 base32 lower case
  const base32 = (bytes: Uint8Array) => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
    let bits = 0, value = 0, out = ''
    for (const b of bytes) {
      value = (value << 8) | b
      bits += 8
      while (bits >= 5) {
        out += alphabet[(value >>> (bits - 5)) & 31]
        bits -= 5
      }
    }
    if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
    return out
  }
  const expected = (json: string) => `b${base32(new Uint8Array([1, 0x55, 0x12, 0x20, ...createHash('sha256').update(json, 'utf8').digest()]))}`

  test('sorted keys, no whitespace, non-ASCII as itself', () => {
    assert.equal(canonicalJson({ b: [1, { d: 'é', c: null }], a: 'x' }), '{"a":"x","b":[1,{"c":null,"d":"é"}]}')
  })

  test('is the CIDv1 raw sha2-256 of the canonical JSON', () => {
    assert.equal(contentId({ a: 1 }), 'bafkreiablk6x6xgfpiw5ss3vsdyevwaiijzzaxxdh3c45pvomitwvf7ymi')
    const e = fixture('v0.4.1', 'service_deployed.json')
    delete e.context.id
    assert.equal(contentId(e), expected(canonicalJson(e)))
  })
})

describe('CloudEvents over HTTP', () => {
  const cdevent = fixture('v0.4.1', 'pipelinerun_started.json')
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v))
  const ce = (data: unknown, id = 'ce-1') => ({ specversion: '1.0', id, source: '/tekton', type: cdevent.context.type, datacontenttype: 'application/json', data })

  test('binary mode: ce-* headers, the CDEvent as the body', () => {
    const items = itemsOf({ 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'x', 'ce-source': '/tekton', 'ce-type': cdevent.context.type }, bytes(cdevent))
    assert.deepEqual(items, [{ value: cdevent }])
  })

  test('binary mode without a ce-id is refused as not a CloudEvent', () => {
    const [item] = itemsOf({ 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-source': '/tekton', 'ce-type': 't' }, bytes(cdevent))
    assert.equal((item as any).refused, 'not_a_cloudevent')
  })

  test('structured mode and batches', () => {
    assert.deepEqual(itemsOf({ 'content-type': 'application/cloudevents+json; charset=utf-8' }, bytes(ce(cdevent))), [{ value: cdevent }])
    const batch = itemsOf({ 'content-type': 'application/cloudevents-batch+json' }, bytes([ce(cdevent, 'a'), { id: 'no-source' }, ce(cdevent, 'c')]))
    assert.equal(batch.length, 3)
    assert.deepEqual(batch[0], { value: cdevent })
    assert.equal((batch[1] as any).refused, 'not_a_cloudevent')
    assert.deepEqual(batch[2], { value: cdevent })
  })

  test('plain JSON is the CDEvent itself, one or an array; bad JSON is malformed', () => {
    assert.deepEqual(itemsOf({ 'content-type': 'application/json' }, bytes([cdevent, cdevent])), [{ value: cdevent }, { value: cdevent }])
    assert.equal((itemsOf({}, new TextEncoder().encode('{"context":'))[0] as any).refused, 'malformed')
  })
})
