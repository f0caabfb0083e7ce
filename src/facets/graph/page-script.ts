// The graph page's script, served from /assets/graph.js (the Content-Security-Policy runs no inline script):
// it fetches the map again every few seconds, and at once when the window or the filter changes.

export const graphScriptHref = '/assets/graph.js'

export const GRAPH_SCRIPT = `(() => {
  const map = document.getElementById('graph-map')
  const form = document.getElementById('graph-form')
  if (!map || !form) return
  const every = Number(map.dataset.every || 5000)
  let busy = false
  async function refresh() {
    if (busy || document.hidden) return
    busy = true
    try {
      const query = new URLSearchParams(new FormData(form)).toString()
      const answer = await fetch(map.dataset.src + '?' + query, { headers: { accept: 'image/svg+xml' } })
      if (answer.ok) {
        map.innerHTML = await answer.text()
        map.dataset.updated = new Date().toISOString()
      }
    } catch {
      // the collector is away for a moment: the next tick tries again
    } finally {
      busy = false
    }
  }
  form.addEventListener('change', () => {
    history.replaceState(null, '', '?' + new URLSearchParams(new FormData(form)).toString())
    refresh()
  })
  setInterval(refresh, every)
})()
`
