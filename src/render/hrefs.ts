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

/** The pages and answers of analysis (facets/analysis), linked from the timelines pages. */
export const analysisHrefs = {
  compare: (context: string) => `/api/compare/${encodeURIComponent(context)}`,
  comparePage: (context: string) => `/compare/${encodeURIComponent(context)}`,
  history: (context: string) => `/api/history/${encodeURIComponent(context)}`,
  historyPage: (context: string) => `/history/${encodeURIComponent(context)}`,
  /** The compare page of one run: it against the successful run before it. */
  compareRun: (context: string, id: string) => `/compare/${encodeURIComponent(context)}?a=${encodeURIComponent(id)}`,
  criticalPath: (context: string, id: string) => `${hrefs.timeline(context, id)}/critical-path`,
  export: (context: string, id: string, format: string) => `${hrefs.timeline(context, id)}/export/${format}`,
}
