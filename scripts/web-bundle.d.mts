/** The pages' browser script (src/facets/timelines/web/main.ts), bundled and minified, as one string. */
export function bundleWebScript(): Promise<string>
