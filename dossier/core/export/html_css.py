"""The HTML briefing's style sheet, inline in the page: for screens, and for print (page breaks, no link colours)."""

CSS = """
:root { color-scheme: light; }
body { font: 17px/1.55 "DejaVu Serif", Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
       max-width: 44em; margin: 2.5em auto; padding: 0 1.2em; }
h1, h2, nav, .small, .tally, .alarm, .backlinks, .in-text { font-family: "DejaVu Sans", "Helvetica Neue", Arial,
       sans-serif; }
h1 { font-size: 2.1em; line-height: 1.2; margin: 0 0 .4em; }
h2 { font-size: 1.45em; margin: 2.2em 0 .2em; }
header { border-bottom: 1px solid #bbb; padding-bottom: 1.5em; margin-bottom: 1.5em; }
.small, .tally { color: #666; font-size: .85em; }
.alarm { color: #b00020; font-weight: bold; font-size: .85em; margin: 1.4em 0 .2em; }
blockquote { margin: 1.2em 0 .3em; padding: 0 0 0 1em; border-left: 3px solid #bbb; }
blockquote p { margin: .35em 0; }
blockquote.marked { border-left-color: #b00020; color: #b00020; }
.note { margin: .3em 0 1.3em 2.2em; color: #35506b; font-size: .9em; }
.in-text { font-size: .85em; }
.cited.marked { color: #b00020; }
.label { font-family: "DejaVu Sans", Arial, sans-serif; color: #666; font-size: .75em; letter-spacing: .08em;
         margin: 1.6em 0 0; }
.marking { font-family: "DejaVu Sans", Arial, sans-serif; font-weight: bold; text-align: center;
           letter-spacing: .05em; margin: 0 0 1.5em; }
a { color: #1f4e79; }
sup a { text-decoration: none; padding: 0 .1em; }
ol.notes li, ul.sources li { font-size: .92em; margin: .35em 0; }
ul.sources { list-style: none; padding-left: 0; }
ul.sources li { padding-left: 1.4em; text-indent: -1.4em; }
.backlinks { color: #666; font-size: .8em; }
:target { background: #fff3c4; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  @page { margin: 2.2cm 2.4cm; }
  header { page-break-after: always; break-after: page; border: none; padding-top: 6cm; }
  section.chapter { page-break-before: auto; break-before: auto; }
  h2 { page-break-after: avoid; break-after: avoid; }
  blockquote, .note { page-break-inside: avoid; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .backlinks, nav { display: none; }
  :target { background: none; }
}
"""
