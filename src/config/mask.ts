// What may not be shown: secrets, and the password inside a URL (postgres://me:***@db/upto).

/** The URL with its password replaced by ***; other text as it is. */
export function maskUrlPassword(text: string): string {
  if (!URL.canParse(text)) return text
  const url = new URL(text)
  if (url.password === '') return text
  return text.replace(`:${url.password}@`, ':***@')
}

/** Keys whose values are left out of refusals, even when unknown: a misspelt `tokn` holds a token all the same. */
export function looksSecret(key: string): boolean {
  return /token|key|secret|password|passwd/i.test(key)
}
