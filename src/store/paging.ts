// Paging rules shared by every store, so they answer `timelines()` alike.

export const defaultPageLimit = 50

/** The page size to use: the default when none is given; a whole number of 1 or more otherwise. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultPageLimit
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`invalid timelines limit ${limit}: expected a whole number of 1 or more`)
  }
  return limit
}
