// Checks a normalised event against the JSON schema of its spec version and type (schemas/, compiled once with
// ajv) and reads it into what the facet keeps. Never throws: a refusal says which rule the event broke.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import schema03 from './schemas/cdevents-0.3.json' with { type: 'json' }
import schema04 from './schemas/cdevents-0.4.json' with { type: 'json' }
import schema05 from './schemas/cdevents-0.5.json' with { type: 'json' }
import { isObject, parseType, specOf, specVersionOf, type Accepted, type CDEvent, type SpecVersion } from './model/cdevent.ts'

export type CdeventRefusalReason = 'malformed' | 'not_a_cdevent' | 'unsupported_version' | 'unknown_type' | 'invalid'

export interface CdeventRefusal {
  reason: CdeventRefusalReason
  detail: string
}

const schemas: Record<SpecVersion, { $id: string; $defs: Record<string, unknown> }> = { '0.3': schema03, '0.4': schema04, '0.5': schema05 }

// ajv-formats is CommonJS: its function is the default export's default under some loaders
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv, formats: string[]) => Ajv

export interface Validator {
  check(value: unknown, received: number): Accepted | CdeventRefusal
  /** The `subject.predicate` types a spec version knows. */
  types(spec: SpecVersion): string[]
}

export function createValidator(): Validator {
  const ajv = new Ajv({ allErrors: false, strict: true })
  addFormats(ajv, ['date-time', 'uri', 'uri-reference'])
  for (const s of Object.values(schemas)) ajv.addSchema(s)
  const compiled = new Map<string, ValidateFunction>()
  const validatorOf = (spec: SpecVersion, type: string): ValidateFunction | undefined => {
    const key = `${spec} ${type}`
    let v = compiled.get(key)
    if (v === undefined && schemas[spec].$defs[type] !== undefined && type !== 'context') {
      v = ajv.getSchema(`${schemas[spec].$id}#/$defs/${type}`)
      if (v !== undefined) compiled.set(key, v)
    }
    return v
  }

  return {
    types: (spec) => Object.keys(schemas[spec].$defs).filter((k) => k !== 'context'),
    check(value, received) {
      if (!isObject(value) || !isObject(value.context) || !isObject(value.subject)) {
        return { reason: 'not_a_cdevent', detail: 'expected an object with a context and a subject' }
      }
      const version = specVersionOf(value.context)
      const spec = version === undefined ? undefined : specOf(version)
      if (spec === undefined) {
        return { reason: 'unsupported_version', detail: `spec version ${JSON.stringify(version ?? null)}: expected 0.3.x, 0.4.x or 0.5.x in context.version or context.specversion` }
      }
      const rawType = value.context.type
      const type = typeof rawType === 'string' ? parseType(rawType) : undefined
      const validate = type === undefined ? undefined : validatorOf(spec, `${type.subject}.${type.predicate}`)
      if (type === undefined || validate === undefined) {
        return { reason: 'unknown_type', detail: `type ${JSON.stringify(rawType ?? null)}: not a CDEvents ${spec} type (dev.cdevents.<subject>.<predicate>.<version>)` }
      }
      if (!validate(value)) return { reason: 'invalid', detail: describe(validate.errors ?? []) }
      const event = value as unknown as CDEvent
      return {
        event,
        contextId: event.context.id,
        subject: type.subject,
        predicate: type.predicate,
        version: type.version,
        specVersion: version!,
        timestamp: Date.parse(event.context.timestamp),
        received,
      }
    },
  }
}

function describe(errors: readonly ErrorObject[]): string {
  const e = errors[0]
  if (e === undefined) return 'does not match its schema'
  const at = e.instancePath === '' ? 'the event' : e.instancePath.slice(1).replaceAll('/', '.')
  if (e.keyword === 'additionalProperties') return `${at}: unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`
  return `${at} ${e.message ?? 'is not valid'}`
}

export function isRefusal(value: Accepted | CdeventRefusal): value is CdeventRefusal {
  return (value as CdeventRefusal).reason !== undefined && (value as Accepted).event === undefined
}
