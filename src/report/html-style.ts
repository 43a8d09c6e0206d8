/** The inline style sheet of the html report (no external resource, no script). */
export const HTML_STYLE = `
:root { --err: #b3261e; --err-bg: #fdecea; --warn: #9a6700; --warn-bg: #fff5d6; --note: #0b57d0; --note-bg: #e8f0fe; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1200px; color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 4px; padding-top: 8px; border-top: 2px solid #d0d7de; overflow-wrap: anywhere; }
h3 { font-size: 14px; margin: 16px 0 6px; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.meta { color: #59636e; margin: 0 0 8px; overflow-wrap: anywhere; }
code, .code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
table.summary { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
table.summary th, table.summary td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.summary th { background: #f6f8fa; }
table.summary td:nth-child(2), table.summary td:nth-child(3) { white-space: nowrap; }
.sev { display: inline-block; white-space: nowrap; min-width: 64px; padding: 0 6px; border-radius: 10px; font-size: 12px; font-weight: 600; text-align: center; color: #fff; }
.sev.error { background: var(--err); } .sev.warning { background: var(--warn); } .sev.note { background: var(--note); }
.status { display: inline-block; padding: 0 6px; border: 1px solid #8c959f; border-radius: 10px; font-size: 11px; color: #59636e; margin-left: 4px; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 12px; border: 1px solid #d0d7de; }
table.diff col.ln { width: 52px; }
table.diff td { padding: 0 6px; vertical-align: top; }
table.diff td.ln { color: #8c959f; text-align: right; font-family: ui-monospace, monospace; font-size: 12px; user-select: none; }
table.diff td.code { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 8; }
tr.hunk td { background: #ddf4ff; color: #0550ae; }
tr.add td.code { background: #e6ffec; } tr.del td.code { background: #ffebe9; }
tr.line:target td, tr.line.flagged td.code { outline: 2px solid #bf8700; outline-offset: -2px; }
tr.gap td { color: #8c959f; background: #f6f8fa; text-align: center; }
.finding { margin: 4px 0 8px 52px; padding: 6px 10px; border-left: 5px solid; border-radius: 4px; font-family: system-ui, sans-serif; white-space: normal; }
.finding.error { border-color: var(--err); background: var(--err-bg); }
.finding.warning { border-color: var(--warn); background: var(--warn-bg); }
.finding.note { border-color: var(--note); background: var(--note-bg); }
.finding .rule { font-family: ui-monospace, monospace; font-weight: 600; margin: 0 6px; }
.finding .msg { overflow-wrap: anywhere; }
.finding ol.evidence { margin: 4px 0 0; padding-left: 24px; }
.finding .where { color: #59636e; font-size: 12px; }
ul.plain { padding-left: 20px; }
.trace { margin: 12px 0 24px; }
.trace .diagram { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px; }
svg.sequence { font: 12px ui-monospace, monospace; }
svg.sequence .head { fill: #f6f8fa; stroke: #57606a; }
svg.sequence .lock .head { fill: #fff8c5; }
svg.sequence .life { stroke: #8c959f; stroke-dasharray: 4 4; }
svg.sequence .msg { stroke: #333; stroke-width: 1.5; fill: none; }
svg.sequence .msg.back { stroke-dasharray: 6 3; }
svg.sequence .fault text { fill: var(--err); font-weight: 600; }
svg.sequence .msg.wait { stroke: var(--err); stroke-width: 2.5; stroke-dasharray: 8 4; }
svg.sequence .wait text { fill: var(--err); font-weight: 700; }
.trace details { margin: 6px 0; }
.trace ol.steps li { margin: 2px 0; }
.trace pre { margin: 2px 0 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
`;
