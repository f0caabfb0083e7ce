// The query parameters of payload-tracker-go's API, read and checked: paging, sorting, filters and time bounds.
// A bad value is a problem that names the parameter and what is allowed, as payload-tracker says it
// (`sort_by must be one of account, org_id, inventory_id, system_id, created_at`). Pure; the stores run the query.

import type { Millis } from '../../../core/types.ts'
import type { PayloadRecord, StatusRow } from './payload.ts'
import { parseDate } from './status.ts'

export type Bounds = { lt?: Millis; lte?: Millis; gt?: Millis; gte?: Millis }

export interface Page {
  page: number
  pageSize: number
  sortDir: 'asc' | 'desc'
}

export const payloadSorts = ['account', 'org_id', 'inventory_id', 'system_id', 'created_at'] as const
export const payloadFilters = ['account', 'org_id', 'inventory_id', 'system_id'] as const

export interface PayloadQuery extends Page {
  sortBy: (typeof payloadSorts)[number]
  filters: Partial<Record<(typeof payloadFilters)[number], string>>
  createdAt: Bounds
}

export const statusSorts = ['service', 'source', 'request_id', 'status', 'status_msg', 'date', 'created_at'] as const
export const statusFilters = ['service', 'source', 'status', 'status_msg'] as const

export interface StatusQuery extends Page {
  sortBy: (typeof statusSorts)[number]
  filters: Partial<Record<(typeof statusFilters)[number], string>>
  date: Bounds
  createdAt: Bounds
}

export const payloadStatusSorts = ['service', 'source', 'status_msg', 'date', 'created_at'] as const

export interface PayloadStatusQuery {
  sortBy: (typeof payloadStatusSorts)[number]
  sortDir: 'asc' | 'desc'
  verbosity: 0 | 1 | 2
}

export class QueryProblem {
  constructor(readonly message: string) {}
}

type Params = Readonly<Record<string, string | undefined>>

export function readPayloadQuery(params: Params): PayloadQuery | QueryProblem {
  const page = readPage(params)
  if (page instanceof QueryProblem) return page
  const sortBy = oneOf(params, 'sort_by', payloadSorts, 'created_at')
  if (sortBy instanceof QueryProblem) return sortBy
  const createdAt = readBounds(params, 'created_at')
  if (createdAt instanceof QueryProblem) return createdAt
  return { ...page, sortBy, filters: filtersOf(params, payloadFilters), createdAt }
}

export function readStatusQuery(params: Params): StatusQuery | QueryProblem {
  const page = readPage(params)
  if (page instanceof QueryProblem) return page
  const sortBy = oneOf(params, 'sort_by', statusSorts, 'created_at')
  if (sortBy instanceof QueryProblem) return sortBy
  const date = readBounds(params, 'date')
  if (date instanceof QueryProblem) return date
  const createdAt = readBounds(params, 'created_at')
  if (createdAt instanceof QueryProblem) return createdAt
  const filters = filtersOf(params, statusFilters)
  // stored lower-cased, as they came in
  for (const field of ['service', 'source', 'status'] as const) if (filters[field] !== undefined) filters[field] = filters[field]!.toLowerCase()
  return { ...page, sortBy, filters, date, createdAt }
}

export function readPayloadStatusQuery(params: Params): PayloadStatusQuery | QueryProblem {
  const sortBy = oneOf(params, 'sort_by', payloadStatusSorts, 'date')
  if (sortBy instanceof QueryProblem) return sortBy
  const sortDir = oneOf(params, 'sort_dir', ['asc', 'desc'] as const, 'asc')
  if (sortDir instanceof QueryProblem) return sortDir
  const verbosity = oneOf(params, 'verbosity', ['0', '1', '2'] as const, '0')
  if (verbosity instanceof QueryProblem) return verbosity
  return { sortBy, sortDir, verbosity: Number(verbosity) as 0 | 1 | 2 }
}

function readPage(params: Params): Page | QueryProblem {
  const page = whole(params, 'page', 0, 0)
  if (page instanceof QueryProblem) return page
  const pageSize = whole(params, 'page_size', 10, 1)
  if (pageSize instanceof QueryProblem) return pageSize
  const sortDir = oneOf(params, 'sort_dir', ['asc', 'desc'] as const, 'desc')
  if (sortDir instanceof QueryProblem) return sortDir
  return { page, pageSize: Math.min(pageSize, 1_000), sortDir }
}

function whole(params: Params, name: string, fallback: number, least: number): number | QueryProblem {
  const value = params[name]
  if (value === undefined || value === '') return fallback
  if (!/^\d+$/.test(value) || Number(value) < least) return new QueryProblem(`${name} must be a whole number of ${least} or more, got "${value}"`)
  return Number(value)
}

function oneOf<T extends string>(params: Params, name: string, allowed: readonly T[], fallback: T): T | QueryProblem {
  const value = params[name]
  if (value === undefined || value === '') return fallback
  return (allowed as readonly string[]).includes(value) ? (value as T) : new QueryProblem(`${name} must be one of ${allowed.join(', ')}`)
}

function readBounds(params: Params, field: string): Bounds | QueryProblem {
  const bounds: Bounds = {}
  for (const op of ['lt', 'lte', 'gt', 'gte'] as const) {
    const value = params[`${field}_${op}`]
    if (value === undefined || value === '') continue
    const ms = parseDate(value)
    if (ms === undefined) return new QueryProblem(`${field}_${op} must be an RFC 3339 time (2021-12-16T10:20:30Z), got "${value}"`)
    bounds[op] = ms
  }
  return bounds
}

function filtersOf<F extends string>(params: Params, fields: readonly F[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {}
  for (const field of fields) if (params[field] !== undefined && params[field] !== '') out[field] = params[field]
  return out
}

export function within(value: Millis, b: Bounds): boolean {
  return (b.lt === undefined || value < b.lt) && (b.lte === undefined || value <= b.lte) &&
    (b.gt === undefined || value > b.gt) && (b.gte === undefined || value >= b.gte)
}

/** The payloads a query matches, sorted and paged, with how many match in all. */
export function runPayloadQuery(records: Iterable<PayloadRecord>, q: PayloadQuery): { count: number; items: PayloadRecord[] } {
  const matching: PayloadRecord[] = []
  for (const r of records) {
    if (!within(r.created_at, q.createdAt)) continue
    if (Object.entries(q.filters).some(([field, value]) => r[field as keyof PayloadRecord] !== value)) continue
    matching.push(r)
  }
  return { count: matching.length, items: sortPage(matching, q.sortBy, q) }
}

/** The statuses a query matches, sorted and paged, with how many match in all. */
export function runStatusQuery(rows: Iterable<StatusRow>, q: StatusQuery): { count: number; items: StatusRow[] } {
  const matching: StatusRow[] = []
  for (const r of rows) {
    if (!within(r.date, q.date) || !within(r.created_at, q.createdAt)) continue
    if (Object.entries(q.filters).some(([field, value]) => r[field as keyof StatusRow] !== value)) continue
    matching.push(r)
  }
  return { count: matching.length, items: sortPage(matching, q.sortBy, q) }
}

/** Sorted by one field (absent values first, ascending), ties by request_id then created_at; one page. */
export function sortPage<T extends object>(items: T[], by: keyof T & string, page: Omit<Page, 'pageSize'> & { pageSize?: number }): T[] {
  const dir = page.sortDir === 'asc' ? 1 : -1
  const key = (item: T) => (item as Record<string, unknown>)[by]
  items.sort((a, b) => dir * (compare(key(a), key(b)) ||
    compare((a as Record<string, unknown>).request_id, (b as Record<string, unknown>).request_id) ||
    compare((a as Record<string, unknown>).created_at, (b as Record<string, unknown>).created_at)))
  if (page.pageSize === undefined) return items
  return items.slice(page.page * page.pageSize, (page.page + 1) * page.pageSize)
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0
  if (a === undefined) return -1
  if (b === undefined) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : 1
}
