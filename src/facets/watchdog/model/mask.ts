// A service's configuration as it is stored: every value under a key that names a secret is masked, at any depth.

const secretWords = ['password', 'secret', 'token', 'credential', 'user']

export const maskedValue = '***'

export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase()
  return secretWords.some((word) => lower.includes(word))
}

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? maskedValue : maskSecrets(inner)]))
}
