// Absolute paths of every resource, one place. Context and timeline ids are URL-encoded.

const enc = encodeURIComponent

export const hrefs = {
  root: '/api/',
  contexts: '/api/contexts',
  events: '/api/events',
  context: (context: string) => `/api/contexts/${enc(context)}`,
  timeline: (context: string, id: string) => `/api/contexts/${enc(context)}/${enc(id)}`,
  gantt: (context: string, id: string) => `/gantt/${enc(context)}/${enc(id)}`,
  metrics: '/metrics',
}

/** A HAL link. */
export const link = (href: string) => ({ href })
