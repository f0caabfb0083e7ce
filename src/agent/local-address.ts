// This machine's address as others see it: the host of events that say autoIP, when `upto start` runs here
// and sends to the agent over 127.0.0.1 (the collector would otherwise see the agent's address, or loopback).

import { hostname, networkInterfaces } from 'node:os'

export function localAddress(interfaces = networkInterfaces(), name = hostname()): string {
  for (const list of Object.values(interfaces)) {
    for (const address of list ?? []) if (address.family === 'IPv4' && !address.internal) return address.address
  }
  return name
}
