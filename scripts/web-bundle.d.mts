/** The pages' browser script (src/web/main.ts), bundled and minified, as one string. */
export function bundleWebScript(): Promise<string>
