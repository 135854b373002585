#!/usr/bin/env python3
# Copied verbatim from the peer benchmark (shared/bench/gen_synthetic.py; only these three
# comment lines added) so that scripts/bench.sh runs from a fresh clone without ../shared.
# Do not edit the generator: its output must stay byte-identical to the peer's.
"""Generate an equivalent synthetic performance-plan site for Hugo and for Zola.

Usage:  python3 gen_synthetic.py N OUTDIR [--seed S] [--kpis K] [--words W]

Writes OUTDIR/hugo/ and OUTDIR/zola/ (both wiped first).  Each is a complete
site project that builds with a plain `hugo` / `zola build` in that folder.

Shape (same for both tools, byte-identical Markdown bodies):
  * 4 areas (top-level sections)
  * S = max(1, round(N/10)) strategic objectives, assigned round-robin to areas
    (nested sections: content/<area>/<so>/_index.md)
  * N operational objectives (pages: content/<area>/<so>/<oo>.md), assigned
    round-robin to strategic objectives (so ~10 pages per section)
  * each page: ~K=5 KPIs in front matter (name, unit, direction, weight,
    target, measured, status) + a Markdown body of ~W=300 words
    (3 paragraphs, a heading, a 3-item list, emphasis, one relative link)
  * ~5% of KPIs have no measurement (key `measured` omitted, status "no_data")

Status is GIVEN IN DATA (precomputed here, as the Rust product computes it in
Rust with rust_decimal); the templates map status -> badge label/class with a
per-row conditional and compute "achievement %" = measured/target*100 in the
template.  Every KPI row is rendered by a template loop.  Section indexes
count on-track KPIs per page with a template filter (where / filter).

Deterministic: random.Random(seed) only; no clocks, no dates in output.
"""
import argparse
import os
import random
import shutil

WORDS = (
    "plan objective target indicator service citizen public budget quality "
    "access response time year semester report audit transparency digital "
    "health education transport water energy housing safety culture support "
    "program project measure result value review progress risk action team "
    "office process resource capacity demand coverage rate level increase "
    "reduce improve maintain deliver monitor evaluate publish open data city "
    "region district network staff training procurement contract investment "
    "maintenance infrastructure waste green mobility social inclusion youth "
    "elderly family employment business innovation research partner community "
    "participation complaint request permit license inspection response channel "
    "portal online visit satisfaction survey sample baseline trend annual "
    "quarterly monthly weekly daily average median total share percent"
).split()

AREAS = [
    ("governance", "Good Governance and Transparency"),
    ("services", "Public Services and Wellbeing"),
    ("economy", "Economy and Employment"),
    ("territory", "Territory and Sustainability"),
]

KPI_NAMES = [
    ("Average response time", "days", "lower"),
    ("Citizen satisfaction", "%", "higher"),
    ("Requests resolved", "count", "higher"),
    ("Budget executed", "%", "higher"),
    ("Online procedures", "%", "higher"),
    ("Complaints received", "count", "lower"),
    ("Coverage rate", "%", "higher"),
    ("Cost per user", "EUR", "lower"),
    ("Staff trained", "count", "higher"),
    ("Open datasets published", "count", "higher"),
]


def sentence(rng, n):
    w = rng.choices(WORDS, k=n)
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def paragraph(rng, words):
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 16))
        out.append(sentence(rng, n))
        left -= n
    s = " ".join(out)
    # one bold phrase per paragraph
    i = s.find(" ", len(s) // 3)
    j = s.find(" ", i + 1)
    j = s.find(" ", j + 1)
    if i > 0 and j > i:
        s = s[: i + 1] + "**" + s[i + 1 : j] + "**" + s[j:]
    return s


def body(rng, words):
    p = words // 3
    return (
        paragraph(rng, p - 20)
        + "\n\n## Context\n\n"
        + paragraph(rng, p - 10)
        + "\n\n"
        + "".join("- " + sentence(rng, 6) + "\n" for _ in range(3))
        + "\n"
        + paragraph(rng, p - 8)
        + " See the [strategic objective](../) for context.\n"
    )


def fmt_num(x):
    s = ("%.2f" % x).rstrip("0").rstrip(".")
    return s if s else "0"


def kpis_for(rng, k):
    rows = []
    weights = [rng.randint(1, 5) for _ in range(k)]
    tot = sum(weights)
    weights = [round(100 * w / tot) for w in weights]
    weights[-1] += 100 - sum(weights)
    for i in range(k):
        name, unit, direction = KPI_NAMES[rng.randrange(len(KPI_NAMES))]
        target = rng.choice([rng.randint(1, 100), round(rng.uniform(1, 1000), 1)])
        kpi = {
            "name": "%s %d" % (name, i + 1),
            "unit": unit,
            "direction": direction,
            "weight": weights[i],
            "target": target,
        }
        if rng.random() < 0.05:
            kpi["status"] = "no_data"
        else:
            measured = round(target * rng.uniform(0.6, 1.3), 2)
            if measured <= 0:
                measured = 0.01
            ratio = measured / target if direction == "higher" else target / measured
            kpi["measured"] = measured
            kpi["status"] = (
                "on_track" if ratio >= 1.0 else "at_risk" if ratio >= 0.9 else "off_track"
            )
        rows.append(kpi)
    return rows


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kpi_toml(kpis, prefix):
    out = []
    for k in kpis:
        out.append("[[%skpis]]" % prefix)
        out.append("name = %s" % toml_str(k["name"]))
        out.append("unit = %s" % toml_str(k["unit"]))
        out.append("direction = %s" % toml_str(k["direction"]))
        out.append("weight = %d" % k["weight"])
        # always emit floats so both engines do float division
        out.append("target = %s" % repr(float(k["target"])))
        if "measured" in k:
            out.append("measured = %s" % repr(float(k["measured"])))
        out.append("status = %s" % toml_str(k["status"]))
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# ----------------------------------------------------------------- templates
CSS = (
    "body{font-family:sans-serif;max-width:60rem;margin:auto}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    ".badge{padding:0 .4rem;border-radius:.3rem}.on_track{background:#cfc}"
    ".at_risk{background:#ffc}.off_track{background:#fcc}.no_data{background:#eee}"
)

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Synthetic Performance Plan"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false
[markup.goldmark.renderer]
unsafe = false
"""

HUGO_OPENDATA_CONFIG = """
[outputFormats.KPICSV]
mediaType = "text/csv"
baseName = "kpi"
isPlainText = true
[outputFormats.KPIJSON]
mediaType = "application/json"
baseName = "kpi"
isPlainText = true
[outputs]
page = ["HTML", "KPIJSON", "KPICSV"]
"""

HUGO_SINGLE_JSON = """{{- $rows := slice -}}
{{- range .Params.kpis -}}{{- $rows = $rows | append (dict "name" .name "unit" .unit "weight" .weight "target" .target "measured" (.measured | default "") "status" .status) -}}{{- end -}}
{{- dict "objective" .Title "kpis" $rows | jsonify (dict "indent" " ") -}}
"""

HUGO_SINGLE_CSV = """name;unit;weight;target;measured;status
{{ range .Params.kpis }}{{ .name }};{{ .unit }};{{ .weight }};{{ .target }};{{ .measured | default "" }};{{ .status }}
{{ end }}"""

HUGO_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<style>%s</style></head>
<body><header><a href="{{ site.Home.Permalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
""" % CSS

HUGO_BADGE = """{{- $s := .status -}}
{{- if eq $s "on_track" -}}<span class="badge on_track">On track</span>
{{- else if eq $s "at_risk" -}}<span class="badge at_risk">At risk</span>
{{- else if eq $s "off_track" -}}<span class="badge off_track">Off track</span>
{{- else -}}<span class="badge no_data">No data</span>
{{- end -}}
"""

HUGO_SINGLE = """{{ define "main" }}
<nav><a href="{{ .Parent.Permalink }}">{{ .Parent.Title }}</a></nav>
<h1>{{ .Title }}</h1>
<table>
<thead><tr><th>KPI</th><th>Weight</th><th>Target</th><th>Measured</th><th>Achievement</th><th>Status</th></tr></thead>
<tbody>
{{- range .Params.kpis }}
<tr><td>{{ .name }}</td><td>{{ .weight }}%</td><td>{{ .target }} {{ .unit }}</td>
{{- if isset . "measured" }}<td>{{ .measured }} {{ .unit }}</td><td>{{ printf "%.1f" (mul (div .measured .target) 100.0) }}%</td>
{{- else }}<td>-</td><td>-</td>{{ end }}
<td>{{ partial "badge.html" . }}</td></tr>
{{- end }}
</tbody></table>
<article>{{ .Content }}</article>
{{ end }}
"""

HUGO_SECTION = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{- with .Sections }}
<ul>
{{- range . }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a> ({{ len .Pages }} objectives)</li>
{{- end }}
</ul>
{{- end }}
{{- with .RegularPages }}
<table><thead><tr><th>Operational objective</th><th>KPIs</th><th>On track</th></tr></thead><tbody>
{{- range . }}
<tr><td><a href="{{ .Permalink }}">{{ .Title }}</a></td><td>{{ len .Params.kpis }}</td><td>{{ len (where .Params.kpis "status" "on_track") }}</td></tr>
{{- end }}
</tbody></table>
{{- end }}
{{ end }}
"""

HUGO_HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{- range .Sections }}
<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
<ul>
{{- range .Sections }}
<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{- end }}
</ul>
{{- end }}
{{ end }}
"""

HUGO_404 = """{{ define "main" }}<h1>Not found</h1>{{ end }}
"""

ZOLA_CONFIG = """base_url = "https://example.org"
title = "Synthetic Performance Plan"
default_language = "en"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
minify_html = false
taxonomies = []

[markdown]
# no [markdown.highlighting] table: syntax highlighting off (Zola >= 0.22 syntax)
render_emoji = false
"""

ZOLA_BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{%% block title %%}{{ config.title }}{%% endblock %%}</title>
<style>%s</style></head>
<body><header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>{%% block main %%}{%% endblock %%}</main>
</body></html>
""" % CSS

ZOLA_MACROS = """{% macro badge(s) -%}
{%- if s == "on_track" -%}<span class="badge on_track">On track</span>
{%- elif s == "at_risk" -%}<span class="badge at_risk">At risk</span>
{%- elif s == "off_track" -%}<span class="badge off_track">Off track</span>
{%- else -%}<span class="badge no_data">No data</span>
{%- endif -%}
{%- endmacro badge %}
"""

ZOLA_PAGE = """{% extends "base.html" %}{% import "macros.html" as m %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock %}
{% block main %}
{%- set parent = get_section(path=page.ancestors | last, metadata_only=true) %}
<nav><a href="{{ parent.permalink | safe }}">{{ parent.title }}</a></nav>
<h1>{{ page.title }}</h1>
<table>
<thead><tr><th>KPI</th><th>Weight</th><th>Target</th><th>Measured</th><th>Achievement</th><th>Status</th></tr></thead>
<tbody>
{%- for k in page.extra.kpis %}
<tr><td>{{ k.name }}</td><td>{{ k.weight }}%</td><td>{{ k.target }} {{ k.unit }}</td>
{%- if k.measured is defined %}<td>{{ k.measured }} {{ k.unit }}</td><td>{{ k.measured / k.target * 100 | round(precision=1) }}%</td>
{%- else %}<td>-</td><td>-</td>{% endif %}
<td>{{ m::badge(s=k.status) }}</td></tr>
{%- endfor %}
</tbody></table>
<article>{{ page.content | safe }}</article>
{% endblock %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
{%- if section.subsections %}
<ul>
{%- for p in section.subsections %}{% set s = get_section(path=p) %}
<li><a href="{{ s.permalink | safe }}">{{ s.title }}</a> ({{ s.pages | length }} objectives)</li>
{%- endfor %}
</ul>
{%- endif %}
{%- if section.pages %}
<table><thead><tr><th>Operational objective</th><th>KPIs</th><th>On track</th></tr></thead><tbody>
{%- for p in section.pages %}
<tr><td><a href="{{ p.permalink | safe }}">{{ p.title }}</a></td><td>{{ p.extra.kpis | length }}</td><td>{{ p.extra.kpis | filter(attribute="status", value="on_track") | length }}</td></tr>
{%- endfor %}
</tbody></table>
{%- endif %}
{% endblock %}
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{%- for a in section.subsections %}{% set area = get_section(path=a, metadata_only=true) %}
<h2><a href="{{ area.permalink | safe }}">{{ area.title }}</a></h2>
<ul>
{%- for sp in area.subsections %}{% set so = get_section(path=sp, metadata_only=true) %}
<li><a href="{{ so.permalink | safe }}">{{ so.title }}</a></li>
{%- endfor %}
</ul>
{%- endfor %}
{% endblock %}
"""

ZOLA_404 = """{% extends "base.html" %}{% block main %}<h1>Not found</h1>{% endblock %}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, help="number of operational objectives (pages)")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--kpis", type=int, default=5)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--opendata", action="store_true",
                    help="Hugo also writes each objective's KPI table as JSON and CSV beside its page "
                         "(same file count as a site with open data per table)")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    hugo = os.path.join(a.outdir, "hugo")
    zola = os.path.join(a.outdir, "zola")
    for d in (hugo, zola):
        if os.path.exists(d):
            shutil.rmtree(d)

    # ---- static project files
    write(os.path.join(hugo, "config.toml"), HUGO_CONFIG + (HUGO_OPENDATA_CONFIG if a.opendata else ""))
    if a.opendata:
        write(os.path.join(hugo, "layouts/_default/single.json"), HUGO_SINGLE_JSON)
        write(os.path.join(hugo, "layouts/_default/single.csv"), HUGO_SINGLE_CSV)
    write(os.path.join(hugo, "layouts/_default/baseof.html"), HUGO_BASEOF)
    write(os.path.join(hugo, "layouts/_default/single.html"), HUGO_SINGLE)
    write(os.path.join(hugo, "layouts/_default/list.html"), HUGO_SECTION)
    write(os.path.join(hugo, "layouts/index.html"), HUGO_HOME)
    write(os.path.join(hugo, "layouts/404.html"), HUGO_404)
    write(os.path.join(hugo, "layouts/partials/badge.html"), HUGO_BADGE)

    write(os.path.join(zola, "config.toml"), ZOLA_CONFIG)
    write(os.path.join(zola, "templates/base.html"), ZOLA_BASE)
    write(os.path.join(zola, "templates/macros.html"), ZOLA_MACROS)
    write(os.path.join(zola, "templates/page.html"), ZOLA_PAGE)
    write(os.path.join(zola, "templates/section.html"), ZOLA_SECTION)
    write(os.path.join(zola, "templates/index.html"), ZOLA_INDEX)
    write(os.path.join(zola, "templates/404.html"), ZOLA_404)
    os.makedirs(os.path.join(zola, "static"), exist_ok=True)

    # ---- content
    home = '+++\ntitle = "Synthetic Performance Plan"\n+++\n\nHome.\n'
    write(os.path.join(hugo, "content/_index.md"), home)
    write(os.path.join(zola, "content/_index.md"), home)

    for ai, (slug, title) in enumerate(AREAS):
        fm = '+++\ntitle = %s\nweight = %d\n+++\n\nArea %s.\n' % (toml_str(title), ai + 1, slug)
        write(os.path.join(hugo, "content", slug, "_index.md"), fm)
        write(os.path.join(zola, "content", slug, "_index.md"), fm)

    n_so = max(1, round(a.n / 10))
    so_dirs = []
    for s in range(n_so):
        area = AREAS[s % len(AREAS)][0]
        sslug = "so-%05d" % (s + 1)
        title = "SO %d. %s" % (s + 1, sentence(rng, 5).rstrip("."))
        fm = "+++\ntitle = %s\nweight = %d\n+++\n\n%s\n" % (toml_str(title), s + 1, paragraph(rng, 40))
        rel = os.path.join("content", area, sslug)
        write(os.path.join(hugo, rel, "_index.md"), fm)
        write(os.path.join(zola, rel, "_index.md"), fm)
        so_dirs.append(rel)

    for i in range(a.n):
        rel = so_dirs[i % n_so]
        oslug = "oo-%06d.md" % (i + 1)
        title = "OO %d. %s" % (i + 1, sentence(rng, 6).rstrip("."))
        kp = kpis_for(rng, a.kpis)
        text = body(rng, a.words)
        wt = 1 + i // n_so  # stable order inside a section
        hfm = "+++\ntitle = %s\nweight = %d\n%s\n+++\n\n" % (toml_str(title), wt, kpi_toml(kp, ""))
        zfm = "+++\ntitle = %s\nweight = %d\n[extra]\n%s\n+++\n\n" % (
            toml_str(title), wt, kpi_toml(kp, "extra."))
        write(os.path.join(hugo, rel, oslug), hfm + text)
        write(os.path.join(zola, rel, oslug), zfm + text)

    # Zola sorts section pages by weight only if asked; do it in every SO section.
    for rel in so_dirs:
        p = os.path.join(zola, rel, "_index.md")
        with open(p, encoding="utf-8") as f:
            t = f.read()
        t = t.replace("+++\n\n", 'sort_by = "weight"\n+++\n\n', 1)
        write(p, t)

    print("wrote %d pages, %d strategic objectives, %d areas to %s/{hugo,zola}"
          % (a.n, n_so, len(AREAS), a.outdir))


if __name__ == "__main__":
    main()
