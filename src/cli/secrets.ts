// The collector's secrets: --token, --read-token and --udp-key, each given on the command line, in a
// file (--token-file ...: safer, argv is visible to every user of the machine) or in the environment
// (UPTO_TOKEN, UPTO_READ_TOKEN, UPTO_UDP_KEY). Checked once at start-up; never printed.

import { readFile } from 'node:fs/promises'
import { usageError } from './errors.ts'

export interface SecretOptions {
  token?: string
  tokenFile?: string
  readToken?: string
  readTokenFile?: string
  udpKey?: string
  udpKeyFile?: string
}

export interface Secrets {
  token?: string
  readToken?: string
  udpKey?: string
}

export const minSecretLength = 16

/** Why `secret` (given by `from`: `--token`, `UPTO_TOKEN`, …) is not one, never quoting it; undefined when it is. */
export function secretProblem(secret: string, from: string): string | undefined {
  if (secret.length < minSecretLength) {
    return `invalid ${from}: ${secret.length} characters is too short: expected at least ${minSecretLength}, like the output of openssl rand -hex 32`
  }
  if (/[\s\u0000-\u001f\u007f]/.test(secret)) {
    return `invalid ${from}: it holds whitespace or a control character: expected one word, like the output of openssl rand -hex 32`
  }
  return undefined
}

interface Source {
  flag: string
  value: string | undefined
  file: string | undefined
  env: string
}

export async function readSecrets(
  options: SecretOptions,
  env: Readonly<Record<string, string | undefined>>,
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<Secrets> {
  const one = async ({ flag, value, file, env: name }: Source): Promise<string | undefined> => {
    if (value !== undefined && file !== undefined) throw usageError(`give --${flag} or --${flag}-file, not both`)
    let secret: string | undefined
    let from: string
    if (file !== undefined) {
      from = `--${flag}-file ${file}`
      try {
        secret = (await read(file)).replace(/\s+$/, '')
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message
        throw usageError(`cannot read ${from} (${code}): expected a file holding the ${flag.replace('-', ' ')}`)
      }
    } else if (value !== undefined) {
      from = `--${flag}`
      secret = value
    } else {
      from = name
      secret = env[name] === '' ? undefined : env[name]
    }
    if (secret === undefined) return undefined
    const problem = secretProblem(secret, from)
    if (problem !== undefined) throw usageError(problem)
    return secret
  }
  const token = await one({ flag: 'token', value: options.token, file: options.tokenFile, env: 'UPTO_TOKEN' })
  const readToken = await one({ flag: 'read-token', value: options.readToken, file: options.readTokenFile, env: 'UPTO_READ_TOKEN' })
  const udpKey = await one({ flag: 'udp-key', value: options.udpKey, file: options.udpKeyFile, env: 'UPTO_UDP_KEY' })
  return {
    ...(token === undefined ? {} : { token }),
    ...(readToken === undefined ? {} : { readToken }),
    ...(udpKey === undefined ? {} : { udpKey }),
  }
}
