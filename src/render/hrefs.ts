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
  /** The web pages: contexts, a context's runs, one run's Gantt chart (and as SVG). */
  home: '/',
  page: (context: string) => `/c/${enc(context)}`,
  chart: (context: string, id: string) => `/c/${enc(context)}/${enc(id)}`,
  chartSvg: (context: string, id: string) => `/c/${enc(context)}/${enc(id)}.svg`,
  changes: '/api/changes',
  script: '/assets/upto.js',
}

/** A HAL link. */
export const link = (href: string) => ({ href })
