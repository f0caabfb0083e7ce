// The pages' stylesheet: system fonts, light and dark, status colours shared with the chart.

import { COLORS } from './web-colors.ts'

export const PAGE_CSS = `:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--link:#0969da;--line:#d0d7de;--panel:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--link:#4493f8;--line:#30363d;--panel:#161b22}}
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.5rem 2rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
.crumbs{color:var(--muted);margin-bottom:.25rem}.crumbs a{color:var(--muted)}
h1{font-size:1.3rem;margin:0 0 .25rem;overflow-wrap:anywhere}h1 .id{color:var(--muted);font-weight:normal}
.summary{margin:0 0 .5rem;color:var(--muted)}.links a{margin-right:1rem}
.toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem 1rem;margin:.5rem 0}
.toolbar .group{display:flex;gap:.25rem}
button{font:inherit;color:var(--fg);background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.1rem .6rem;cursor:pointer}
button:hover{border-color:var(--muted)}button:focus-visible,.upto-gantt .bar:focus{outline:2px solid var(--link);outline-offset:1px}
.legend{display:flex;flex-wrap:wrap;gap:.2rem .9rem;color:var(--muted);font-size:12px;margin:0;padding:0;list-style:none}
.legend li::before{content:"";display:inline-block;box-sizing:border-box;width:.8rem;height:.6rem;border-radius:2px;margin-right:.3rem;vertical-align:middle;background:var(--c)}
.legend .gap::before{background:repeating-linear-gradient(45deg,var(--muted) 0 2px,transparent 2px 5px);opacity:.6}
.legend .c-running::before{opacity:.55;border:1px dashed var(--c)}.legend .c-orphan::before{width:.25rem}
.legend .c-abandoned::before{background:transparent;border:1px dashed var(--c)}.legend .c-stale::before{background:transparent;border:1px dotted var(--muted)}.legend .c-implied::before{height:.3rem}
.legend .critical::before{background:var(--panel);border:2px solid var(--fg)}
.keys{color:var(--muted);font-size:12px}kbd{font:11px ui-monospace,monospace;border:1px solid var(--line);border-radius:4px;padding:0 .25rem}
html:not(.js) [data-needs-script]{display:none}
.scroll{overflow-x:auto;border-top:1px solid var(--line);padding-top:.25rem}.scroll svg{display:block}
.upto-gantt.compact .dur,.upto-gantt.compact .tag{display:none}.upto-gantt.compact .label{clip-path:url(#upto-label-clip)}
.filter{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .9rem;margin:.5rem 0}.filter input[type=search]{font:inherit;padding:.2rem .4rem;width:18rem;max-width:100%}
.filter output{color:var(--muted);font-size:12px}
#detail{position:fixed;z-index:20;right:1rem;bottom:1rem;width:min(30rem,calc(100vw - 2rem));max-height:60vh;overflow:auto;padding:.5rem .8rem .7rem;
border:1px solid var(--line);border-radius:8px;background:var(--panel);color:var(--fg);box-shadow:0 6px 20px rgba(0,0,0,.2);font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;user-select:text}
#detail h2{font-size:13px;margin:0 1.5rem .35rem 0;overflow-wrap:anywhere}#detail .close{position:absolute;top:.35rem;right:.4rem;padding:0 .45rem}
#detail dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .75rem;margin:0}#detail dt{color:var(--muted)}#detail dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
#detail .dlinks{margin:.4rem 0 0}#detail .dlinks a{margin-right:1rem}
.upto-gantt .row.parent .label,.upto-gantt .tw{cursor:pointer}
.upto-gantt .cursor{stroke:var(--muted);stroke-dasharray:2 2;pointer-events:none}
.upto-gantt .cursor-label{fill:var(--fg);pointer-events:none}
#tip{position:absolute;z-index:10;max-width:32rem;padding:.4rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);
color:var(--fg);box-shadow:0 4px 14px rgba(0,0,0,.18);font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;pointer-events:none;overflow-wrap:anywhere}
#tip .first{font-weight:600}
table{border-collapse:collapse;width:100%;margin-top:.75rem}
th,td{text-align:left;padding:.35rem .75rem .35rem 0;border-bottom:1px solid var(--line);vertical-align:middle;white-space:nowrap}
th{color:var(--muted);font-weight:600;font-size:12px}td.num,th.num{text-align:right}td.name{white-space:normal;overflow-wrap:anywhere}
.muted{color:var(--muted)}.empty{color:var(--muted);margin-top:1.5rem}
.spark{display:block}.pager{margin-top:.75rem}.pager a{margin-right:1rem}.search input{font:inherit;padding:.2rem .4rem;min-width:16rem}
code{font:12px ui-monospace,monospace;background:var(--panel);padding:.1rem .3rem;border-radius:4px}
${Object.entries(COLORS).map(([tone, color]) => `.status-${tone}{color:${color};font-weight:600}.c-${tone}{--c:${color}}`).join('')}
.status-empty{color:var(--muted)}
@media (max-width:600px){body{padding:.75rem .75rem 2rem}th,td{white-space:normal;padding-right:.45rem}td.num,th.num{white-space:nowrap}
td.name{min-width:2.5rem}td .status-error,td .note{overflow-wrap:anywhere}
.opt{display:none}.dbar{width:60px}.links a{display:inline-block}
#detail{left:0;right:0;bottom:0;width:auto;max-height:50vh;border-radius:10px 10px 0 0;border-width:1px 0 0}.detail-open body{padding-bottom:52vh}}`
