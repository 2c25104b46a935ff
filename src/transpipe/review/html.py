"""The review report as one static HTML page: records in, a string out.

The page stands alone: its style and script are inline, it loads nothing
(a Content-Security-Policy allows inline style and script only) and works
from a ``file://`` URL.  Its landmarks, in order: a ``header``, the
``#summary`` table (each language's approved share), the ``#filters`` form
(state and finding code) and the ``#entries`` list, one ``li.entry`` per
entry with ``data-state`` and ``data-codes`` for the filters, source and
translation side by side (stacked under 40em).  Every text from a catalogue
or an article is escaped with :func:`html.escape`.
"""

from __future__ import annotations

from html import escape

from transpipe.core.findings import Finding
from transpipe.review.model import STATES, ReportData, ReportEntry, SourceLink, band

_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#fafafa}
header,main{padding:.75rem 1rem;max-width:80rem;margin:0 auto}
header{background:#23395d;color:#fff;max-width:none}
h1{font-size:1.3rem;margin:0}h2{font-size:1.1rem;margin:1rem 0 .5rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}
th,td{padding:.25rem .5rem;border-bottom:1px solid #ccc;text-align:left}
td.n{text-align:right}
fieldset{border:1px solid #ccc;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem}
select{max-width:100%}
ol#entries{list-style:none;padding:0;margin:0}
li.entry{background:#fff;border:1px solid #ccc;border-left:.4rem solid #888;
margin:0 0 .75rem;padding:.5rem .75rem}
li.entry[data-band="0"]{border-left-color:#b00020}
li.entry[data-band="1"]{border-left-color:#c77700}
li.entry[data-band="3"]{border-left-color:#2e7d32}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.pair>div{min-width:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.15rem 0}
.label{font-size:.8rem;color:#555;text-transform:uppercase}
.meta{font-size:.85rem;color:#333;overflow-wrap:anywhere}
.state{font-weight:bold}
ul.findings,ul.notes{margin:.25rem 0;padding-left:1.2rem;overflow-wrap:anywhere}
.error{color:#b00020}.warning{color:#8a5300}
code{overflow-wrap:anywhere}
@media (max-width:40em){.pair{grid-template-columns:1fr}}
"""

_SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  var rows = document.querySelectorAll('#entries li.entry');
  var shown = document.getElementById('shown');
  function apply() {
    var states = {};
    form.querySelectorAll('input[name=state]').forEach(function (box) {
      states[box.value] = box.checked;
    });
    var code = form.elements.code.value;
    var count = 0;
    rows.forEach(function (row) {
      var codes = row.getAttribute('data-codes').split(' ');
      var visible = states[row.getAttribute('data-state')] &&
        (code === '' || codes.indexOf(code) !== -1);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }
  form.addEventListener('change', apply);
  apply();
})();
"""


def render_report(data: ReportData) -> str:
    """The whole page for ``data`` (entries in the order given)."""
    title = escape(data.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{title}</h1></header>\n<main>\n"
        f"{_summary(data)}{_general(data.general)}{_filters(data.entries)}"
        f"{_entries(data.entries)}</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _summary(data: ReportData) -> str:
    """Each language's approved share, as a table."""
    rows = "".join(
        f'<tr><th scope="row">{escape(s.language)}</th><td class="n">{s.share:.0%}</td>'
        f'<td class="n">{s.approved}</td><td class="n">{s.fuzzy}</td>'
        f'<td class="n">{s.untranslated}</td><td class="n">{s.total}</td></tr>\n'
        for s in data.languages
    )
    return (
        '<section aria-labelledby="summary-title">\n'
        '<h2 id="summary-title">Approved share per language</h2>\n'
        '<div class="scroll"><table id="summary">\n<thead><tr><th scope="col">language</th>'
        '<th scope="col">approved share</th><th scope="col">approved</th>'
        '<th scope="col">fuzzy</th><th scope="col">untranslated</th>'
        f'<th scope="col">entries</th></tr></thead>\n<tbody>\n{rows}</tbody>\n'
        "</table></div>\n</section>\n"
    )


def _general(findings: tuple[Finding, ...]) -> str:
    """Findings about no single entry: catalogues, editions, sources."""
    if not findings:
        return ""
    items = "".join(f"<li>{_finding(f, where=True)}</li>\n" for f in findings)
    return (
        '<section aria-labelledby="general-title">\n'
        '<h2 id="general-title">Catalogues, editions and sources</h2>\n'
        f'<ul class="findings" id="general">\n{items}</ul>\n</section>\n'
    )


def _filters(entries: tuple[ReportEntry, ...]) -> str:
    """State checkboxes and a finding-code choice; the script hides what does not match."""
    boxes = "".join(
        f'<label><input type="checkbox" name="state" value="{state}" checked> {state} '
        f"({sum(1 for e in entries if e.state == state)})</label>\n"
        for state in STATES
    )
    codes = sorted({code for e in entries for code in e.codes})
    options = "".join(
        f'<option value="{escape(code)}">{escape(code)} '
        f"({sum(1 for e in entries if code in e.codes)})</option>\n"
        for code in codes
    )
    return (
        '<form id="filters" aria-label="Filters">\n'
        f"<fieldset><legend>State</legend>\n{boxes}</fieldset>\n"
        '<fieldset><legend>Finding</legend>\n<label for="code">code</label>\n'
        f'<select id="code" name="code">\n<option value="">any</option>\n{options}</select>\n'
        f'</fieldset>\n<p><span id="shown">{len(entries)}</span> of {len(entries)} '
        "entries shown, riskiest first</p>\n</form>\n"
    )


def _entries(entries: tuple[ReportEntry, ...]) -> str:
    items = "".join(_entry(e, number) for number, e in enumerate(entries, 1))
    return f'<ol id="entries">\n{items}</ol>\n'


def _entry(entry: ReportEntry, number: int) -> str:
    """One entry: where it is, source and translation side by side, then its details."""
    lang = escape(entry.language, quote=True)
    context = (
        f'<p class="meta">context: <code>{escape(entry.msgctxt)}</code></p>'
        if entry.msgctxt is not None
        else ""
    )
    return (
        f'<li class="entry" id="e{number}" data-state="{entry.state}" '
        f'data-codes="{escape(" ".join(entry.codes))}" data-band="{band(entry)}" '
        f'data-language="{lang}">\n'
        f'<p class="meta">{_where(entry)}</p>{context}\n<div class="pair">\n'
        f'<div><div class="label">source</div><p class="text">{escape(entry.msgid)}</p></div>\n'
        f'<div lang="{lang}"><div class="label">translation ({lang})</div>'
        f'<p class="text">{escape(entry.msgstr)}</p></div>\n'
        f"</div>\n{_details(entry)}</li>\n"
    )


def _where(entry: ReportEntry) -> str:
    """State, score and the places of the entry: its article lines and catalogue line."""
    parts = [f'<span class="state">{entry.state}</span>']
    if entry.score is not None:
        parts.append(f'score <span class="score">{entry.score:.2f}</span>')
    if entry.low_confidence:
        parts.append('<span class="warning">low confidence</span>')
    if entry.retried is not None:
        parts.append(f"retried ({escape(entry.retried)})")
    parts += [_link(source) for source in entry.sources]
    parts.append(f"<code>{escape(entry.catalogue)}:{entry.line}</code>")
    return " · ".join(parts)


def _link(source: SourceLink) -> str:
    if source.href is None:
        return f"<code>{escape(source.text)}</code>"
    return f'<a href="{escape(source.href)}"><code>{escape(source.text)}</code></a>'


def _details(entry: ReportEntry) -> str:
    """The entry's findings (with codes) and notes."""
    html = ""
    if entry.findings:
        items = "".join(f"<li>{_finding(f)}</li>" for f in entry.findings)
        html += f'<ul class="findings">{items}</ul>\n'
    if entry.notes:
        items = "".join(f"<li>{escape(note)}</li>" for note in entry.notes)
        html += f'<ul class="notes">{items}</ul>\n'
    return html


def _finding(finding: Finding, *, where: bool = False) -> str:
    place = ""
    if where:
        at = f"{finding.path}:{finding.line}" if finding.line else finding.path
        place = f"<code>{escape(at)}</code> "
    return (
        f'{place}<span class="{finding.severity}">{finding.severity}</span> '
        f"<code>{escape(finding.code)}</code> {escape(finding.message)}"
    )
