// Paging rules shared by every store, so they answer `timelines()` alike.

export const defaultPageLimit = 50

/** The page size to use: the default when none is given; a whole number of 1 or more otherwise. */
export function pageLimit(limit: number | undefined, fallback = defaultPageLimit, what = 'timelines'): number {
  if (limit === undefined) return fallback
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`invalid ${what} limit ${limit}: expected a whole number of 1 or more`)
  }
  return limit
}

export const defaultContextLimit = 100

/** The contexts page size: 100 unless told; a whole number of 1 or more otherwise. */
export function contextLimit(limit: number | undefined): number {
  return pageLimit(limit, defaultContextLimit, 'contexts')
}

/** The page of `items` (limit + 1 of them read, one more tells whether there is a next page). */
export function contextsPage<T extends { name: string }>(items: T[], limit: number): { items: T[]; next?: string } {
  const page = items.slice(0, limit)
  const last = page[page.length - 1]
  return items.length > limit && last ? { items: page, next: last.name } : { items: page }
}
