// The real Mosquitto the MQTT tests speak to ($UPTO_TEST_MQTT, else 127.0.0.1:1883): a suite that needs it is one
// skipped test saying why when it is away, and a failure when CI is set.

import { describe, test } from 'node:test'
import { connectAsync } from 'mqtt'
import { needs } from '../helpers/needs.ts'

export const mqttUrl = process.env.UPTO_TEST_MQTT ?? 'mqtt://127.0.0.1:1883'

export async function findMosquitto(): Promise<{ url?: string; skip?: string }> {
  try {
    const client = await connectAsync(mqttUrl, { connectTimeout: 2_000, reconnectPeriod: 0 })
    await client.endAsync()
    return { url: mqttUrl }
  } catch (error) {
    return { skip: needs('Mosquitto', false, `${mqttUrl}: ${(error as Error).message}: start it with \`mosquitto -d -c /etc/mosquitto/mosquitto.conf\`, or set UPTO_TEST_MQTT`) || '' }
  }
}

export function describeWithMosquitto(name: string, found: { url?: string; skip?: string }, body: (url: string) => void): void {
  if (found.url === undefined) test(name, { skip: found.skip }, () => {})
  else describe(name, { timeout: 60_000 }, () => body(found.url!))
}
