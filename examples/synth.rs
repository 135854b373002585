//! Synthetic plan generator for the performance benchmark (docs/performance.md).
//!
//! ```text
//! cargo run --release --example synth -- --objectives N --out DIR [--periods 1|2]
//! ```
//!
//! Writes a complete content folder in the format of docs/formato-contenuti.md:
//! `sito.toml` and one plan in `piani/2022-2024/`: `piano.toml`, 4 strategic areas,
//! round(N/10) strategic objectives (2-3 KPIs with a
//! target per year), N operational objectives (4-6 KPIs each, about 5, of mixed target
//! kinds: "Sì", ">=70%", "<=20gg.+5", "≥2", "100%", "<=4"; about 300 words of Markdown;
//! budget as "123.456,78"), a few individual and common objectives, and one or two
//! monitoring periods (2022-S1 at 50% of the year, 2022-S2 at 100%) with a value for
//! about 95% of the KPIs (3% "non rilevato", 1% not reported, 1% of objectives
//! without a report), and mixed declared statuses.
//!
//! The shape follows the peer generator (scripts/bench/gen_synthetic.py): strategic
//! objectives go round-robin to the areas, operational objectives round-robin to the
//! strategic objectives, so every strategic objective has about 10 operational ones.
//!
//! Deterministic: the same N (and --periods) always gives the same bytes. The random
//! numbers come from a small SplitMix64 seeded from N; no clock, no `rand` crate.
//! The content is written to be clean: `trasparenza check` reports 0 errors and no warnings.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: tiny, fast, good enough for synthetic text and values.
struct Rng(u64);

impl Rng {
    fn seeded(n: u64) -> Rng {
        Rng(0x5452_4153_5041_5245 ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// `k` distinct items of `items`, in random order (partial Fisher-Yates).
    fn distinct<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut pool = items.to_vec();
        for i in 0..k.min(pool.len()) {
            let j = i + (self.next() % (pool.len() - i) as u64) as usize;
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "attività", "servizio", "imprese", "utenti", "procedimento", "pratiche", "registro", "camera", "commercio", "territorio",
    "digitale", "sportello", "qualità", "tempi", "risorse", "personale", "formazione", "controllo", "trasparenza", "bilancio",
    "contabilità", "fornitori", "pagamenti", "gestione", "documentale", "archivio", "protocollo", "sistema", "piattaforma", "monitoraggio",
    "valutazione", "indicatori", "obiettivi", "risultati", "efficacia", "efficienza", "economicità", "miglioramento", "continuo", "organizzazione",
    "interna", "comunicazione", "istituzionale", "promozione", "sviluppo", "economico", "innovazione", "transizione", "ecologica", "sostenibilità",
    "assistenza", "orientamento", "lavoro", "giovani", "professioni", "mercato", "regolazione", "vigilanza", "metrologia", "legale",
    "tutela", "consumatori", "conciliazione", "mediazione", "arbitrato", "brevetti", "marchi", "certificazione", "estero", "internazionalizzazione",
    "turismo", "cultura", "rete", "partner", "associazioni", "categoria", "enti", "locali", "regione", "sistema camerale",
    "semplificazione", "amministrativa", "riduzione", "oneri", "accesso", "telematico", "fascicolo", "informatico", "dati", "aperti",
    "pubblicazione", "sezione", "portale", "richieste", "istanze", "verifiche", "ispezioni", "sanzioni", "riscossione", "diritto annuale",
    "incremento", "mantenimento", "standard", "livello", "adeguato", "costante", "puntuale", "tempestivo", "completo", "condiviso",
    "nel corso", "dell'anno", "attraverso", "mediante", "rispetto", "secondo", "presso", "verso", "tra", "con",
];

const AREAS: [(&str, &str); 4] = [
    (
        "Servizi istituzionali e generali delle amministrazioni pubbliche",
        "Competitività ed efficienza dell'ente",
    ),
    (
        "Regolazione dei mercati e tutela del consumatore",
        "Trasparenza e legalità del mercato",
    ),
    (
        "Sviluppo economico e competitività del territorio",
        "Sostegno alle imprese",
    ),
    (
        "Commercio internazionale e internazionalizzazione del sistema produttivo",
        "Apertura ai mercati esteri",
    ),
];

const MISSIONS: [(&str, &str); 4] = [
    (
        "032 - Servizi istituzionali e generali delle amministrazioni pubbliche",
        "004 - Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche",
    ),
    (
        "012 - Regolazione dei mercati",
        "004 - Vigilanza sui mercati e sui prodotti, promozione della concorrenza e tutela dei consumatori",
    ),
    (
        "011 - Competitività e sviluppo delle imprese",
        "005 - Promozione e attuazione di politiche di sviluppo, competitività e innovazione",
    ),
    (
        "016 - Commercio internazionale ed internazionalizzazione del sistema produttivo",
        "005 - Sostegno all'internazionalizzazione delle imprese e promozione del made in Italy",
    ),
];

const OFFICES: &[&str] = &[
    "Servizio registro imprese",
    "Servizio ragioneria e bilancio",
    "Servizio provveditorato",
    "Servizio personale",
    "Servizio promozione",
    "Servizio regolazione del mercato",
    "Ufficio protocollo",
    "Ufficio diritto annuale",
    "Ufficio metrologia legale",
    "Ufficio comunicazione",
    "Segreteria generale",
    "Ufficio sanzioni",
];

const SOURCES: &[&str] = &[
    "Rilevazione interna",
    "Rilevazione interna da Priamo",
    "Cruscotto qualità Infocamere",
    "Sistema di contabilità",
    "Protocollo informatico",
    "Registro delle attività dell'ufficio",
];

/// The target kinds of an operational KPI, as written in the plans.
#[derive(Clone, Copy)]
enum Kind {
    /// "Sì": a yes/no activity.
    YesNo,
    /// ">=70%": a rate with a floor.
    RateFloor,
    /// "<=20gg.+5": a duration with a tolerance.
    Days,
    /// "≥2": a count with a floor (prorated at the half-year).
    CountFloor,
    /// "100%": a full-coverage rate.
    Full,
    /// "<=4": a count with a ceiling.
    CountCeiling,
}

const KINDS: [Kind; 6] = [
    Kind::YesNo,
    Kind::RateFloor,
    Kind::Days,
    Kind::CountFloor,
    Kind::Full,
    Kind::CountCeiling,
];

struct KpiSpec {
    kind: Kind,
    name: &'static str,
    algorithm: &'static str,
    target: &'static str,
    baseline: &'static str,
    unit: Option<&'static str>,
    typology: &'static str,
}

fn spec(kind: Kind, rng: &mut Rng) -> KpiSpec {
    match kind {
        Kind::YesNo => KpiSpec {
            kind,
            name: rng.pick(&[
                "Realizzazione delle attività previste",
                "Attivazione del nuovo servizio",
                "Adozione della procedura aggiornata",
                "Pubblicazione del report annuale",
            ]),
            algorithm: "Si/no",
            target: rng.pick(&["Sì", "si", "Sì"]),
            baseline: "si",
            unit: None,
            typology: "Efficacia",
        },
        Kind::RateFloor => KpiSpec {
            kind,
            name: rng.pick(&[
                "Tasso di evasione delle pratiche nei termini",
                "Grado di soddisfazione degli utenti",
                "Percentuale di istanze evase telematicamente",
                "Tasso di riscossione",
            ]),
            algorithm: "Pratiche evase nei termini / totale pratiche evase",
            target: ">=70%",
            baseline: ">=70%",
            unit: Some("%"),
            typology: "Efficacia",
        },
        Kind::Days => KpiSpec {
            kind,
            name: rng.pick(&[
                "Tempo medio di evasione delle istanze",
                "Tempo medio di pagamento delle fatture",
                "Tempo medio di risposta ai reclami",
            ]),
            algorithm: "Somma dei giorni di evasione / numero di istanze evase",
            target: "<=20gg.+5",
            baseline: "22 gg",
            unit: Some("giorni"),
            typology: "Efficienza",
        },
        Kind::CountFloor => KpiSpec {
            kind,
            name: rng.pick(&[
                "Numero di iniziative realizzate",
                "Numero di incontri con le associazioni",
                "Numero di eventi informativi organizzati",
            ]),
            algorithm: "Conteggio delle iniziative realizzate nell'anno",
            target: "≥2",
            baseline: "2",
            unit: Some("n."),
            typology: "Output",
        },
        Kind::Full => KpiSpec {
            kind,
            name: rng.pick(&[
                "Percentuale di verifiche effettuate",
                "Copertura dei controlli previsti",
                "Pubblicazione dei dati obbligatori",
            ]),
            algorithm: "Verifiche effettuate / verifiche programmate",
            target: "100%",
            baseline: "100%",
            unit: Some("%"),
            typology: "Efficacia",
        },
        Kind::CountCeiling => KpiSpec {
            kind,
            name: rng.pick(&[
                "Numero di reclami ricevuti",
                "Numero di rilievi degli organi di controllo",
                "Numero di procedimenti sospesi",
            ]),
            algorithm: "Conteggio dei reclami protocollati nell'anno",
            target: "<=4",
            baseline: "5",
            unit: Some("n."),
            typology: "Qualità",
        },
    }
}

/// A measured value for a KPI of this kind; `late` for the end-of-year period.
fn value(kind: Kind, rng: &mut Rng, late: bool) -> String {
    match kind {
        Kind::YesNo => (if rng.chance(if late { 90 } else { 70 }) {
            "si"
        } else {
            "no"
        })
        .to_owned(),
        Kind::RateFloor => {
            let tenths = rng.range(550, 990);
            if rng.chance(30) {
                // written as a ratio in the same file by the caller
                format!("ratio:{}", tenths)
            } else {
                format!("{},{}%", tenths / 10, tenths % 10)
            }
        }
        Kind::Days => format!("{} gg", rng.range(10, 32)),
        Kind::CountFloor => rng.range(if late { 1 } else { 0 }, 5).to_string(),
        Kind::Full => {
            let v = rng.range(850, 1000);
            if v >= 990 {
                "100%".to_owned()
            } else {
                format!("{},{}%", v / 10, v % 10)
            }
        }
        Kind::CountCeiling => rng.range(0, 7).to_string(),
    }
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            let first = c
                .next()
                .map(|f| f.to_uppercase().collect::<String>())
                .unwrap_or_default();
            s.push_str(&first);
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// About `words` words in sentences of 8-16 words, one phrase of two words in bold.
fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut out = Vec::new();
    let mut left = words;
    while left > 0 {
        let n = left.min(rng.range(8, 16) as usize);
        out.push(sentence(rng, n));
        left -= n;
    }
    // bold the first two words of the sentence a third of the way in
    let b = out.len() / 3;
    if let Some(s) = out.get_mut(b) {
        let mut parts: Vec<&str> = s.splitn(3, ' ').collect();
        if parts.len() == 3 {
            let bold = format!("**{} {}**", parts[0], parts[1]);
            parts.splice(0..2, [bold.as_str()]);
            *s = parts.join(" ");
        }
    }
    out.join(" ")
}

fn list(rng: &mut Rng, items: usize, words: usize) -> String {
    (0..items)
        .map(|_| format!("- {}\n", sentence(rng, words)))
        .collect()
}

/// `123.456,78` from an amount in cents.
fn euro(cents: u64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", cents % 100)
}

/// Integer weights summing to 100, all positive.
fn weights(rng: &mut Rng, n: usize) -> Vec<u64> {
    let raw: Vec<u64> = (0..n).map(|_| rng.range(1, 5)).collect();
    let total: u64 = raw.iter().sum();
    let mut w: Vec<u64> = raw.iter().map(|r| (r * 100 + total / 2) / total).collect();
    let sum: u64 = w.iter().sum();
    let last = w.len() - 1;
    w[last] = (w[last] + 100)
        .checked_sub(sum)
        .filter(|x| *x > 0)
        .unwrap_or(1);
    let sum: u64 = w.iter().sum();
    if sum != 100 {
        // fix any rounding residue on the largest weight
        let i = (0..w.len()).max_by_key(|i| w[*i]).unwrap_or(0);
        w[i] = w[i] + 100 - sum;
    }
    w
}

struct Objective {
    id: String,
    kpis: Vec<Kind>,
    kpi_ids: Vec<String>,
}

struct Periods {
    /// (id, title, end, share, published)
    list: Vec<(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
}

fn write(path: &Path, text: &str, count: &mut usize) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)?;
    *count += 1;
    Ok(())
}

fn usage() -> ExitCode {
    eprintln!(
        "uso: cargo run --release --example synth -- --objectives N --out CARTELLA [--periods 1|2]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut n: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut periods = 2usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--objectives" | "-n" => {
                n = args
                    .next()
                    .and_then(|v| v.replace(['_', ','], "").parse().ok())
            }
            "--out" | "-o" => out = args.next().map(PathBuf::from),
            "--periods" => periods = args.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--help" | "-h" => {
                usage();
                return ExitCode::SUCCESS;
            }
            _ => return usage(),
        }
    }
    let (Some(n), Some(out)) = (n, out) else {
        return usage();
    };
    if n == 0 || !(1..=2).contains(&periods) {
        return usage();
    }
    match generate(n, periods, &out) {
        Ok(files) => {
            println!(
                "synth: {n} obiettivi operativi, {} strategici, {periods} periodi: {files} file in {}",
                strategic_count(n),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn strategic_count(n: usize) -> usize {
    // round half to even, like Python's round() in the peer generator
    let q = n / 10;
    let r = n % 10;
    let s = if r > 5 || (r == 5 && q % 2 == 1) {
        q + 1
    } else {
        q
    };
    s.max(1)
}

/// Removes what a previous run wrote; refuses a folder holding anything else.
fn prepare(out: &Path) -> Result<(), String> {
    const OURS: [&str; 2] = ["sito.toml", "piani"];
    if out.exists() {
        let entries = fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !OURS.contains(&name.as_str()) {
                return Err(format!(
                    "{} contiene già {name}: indicare una cartella vuota o generata da synth",
                    out.display()
                ));
            }
        }
        for name in OURS {
            let p = out.join(name);
            if p.is_dir() {
                fs::remove_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            } else if p.exists() {
                fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            }
        }
    }
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))
}

fn generate(n: usize, period_count: usize, out: &Path) -> Result<usize, String> {
    prepare(out)?;
    let io = |e: std::io::Error| e.to_string();
    let mut rng = Rng::seeded(n as u64);
    let mut files = 0usize;
    let all_periods = Periods {
        list: vec![
            (
                "2022-S1",
                "Monitoraggio semestrale al 30 giugno 2022",
                "2022-06-30",
                "50%",
                "2022-07-29",
            ),
            (
                "2022-S2",
                "Monitoraggio annuale al 31 dicembre 2022",
                "2022-12-31",
                "100%",
                "2023-02-28",
            ),
        ],
    };
    let periods = &all_periods.list[..period_count];
    let updated = periods.last().map_or("2022-01-31", |p| p.4);

    // ---- sito.toml
    let site = format!(
        r#"# Piano sintetico per il benchmark di prestazioni (examples/synth.rs), {n} obiettivi operativi.

[ente]
nome = "Camera di Commercio Sintetica"
codice_ipa = "cciaa_synth"
sito = "https://www.example.org/"
base_url = "https://www.example.org/amministrazione-trasparente/performance/"
ufficio_responsabile = "Segreteria Generale"
licenza = "CC-BY-4.0"
dichiarazione_accessibilita = "https://form.agid.gov.it/"
privacy = "https://www.example.org/privacy"
note_legali = "https://www.example.org/note-legali"
"#
    );
    write(&out.join("sito.toml"), &site, &mut files).map_err(io)?;
    let plan = format!(
        r#"# Il piano sintetico: {n} obiettivi operativi.

[piano]
titolo = "Piano della Performance 2022/2024"
anno_inizio = 2022
anno_fine = 2024
data_pubblicazione = 2022-01-31
data_aggiornamento = {updated}

[valutazione]
polarita_predefinita = "crescente"
tetto = "100%"
aggregazione = "media_ponderata"
intermedio = "proporzionale"
soglia_raggiunto = "100%"
soglia_parziale = "70%"
"#
    );
    let out = &out.join("piani/2022-2024");
    write(&out.join("piano.toml"), &plan, &mut files).map_err(io)?;

    // ---- areas
    for (i, (title, _)) in AREAS.iter().enumerate() {
        let text = format!(
            "id = \"{}\"\ntitolo = \"{title}\"\ndescrizione = \"\"\"\n{}\n\"\"\"\n",
            i + 1,
            paragraph(&mut rng, 60)
        );
        write(&out.join(format!("aree/{}.toml", i + 1)), &text, &mut files).map_err(io)?;
    }

    // ---- strategic objectives: round-robin over the areas
    let n_so = strategic_count(n);
    let mut per_area = [0usize; 4];
    let mut strategic: Vec<Objective> = Vec::with_capacity(n_so);
    for s in 0..n_so {
        let area = s % 4;
        per_area[area] += 1;
        let id = format!("{}.{}", area + 1, per_area[area]);
        let k = rng.range(2, 3) as usize;
        let w = weights(&mut rng, k);
        let mut t = String::with_capacity(2048);
        let _ = write!(
            t,
            "id = \"{id}\"\narea = \"{}\"\ntitolo = \"{}\"\ndescrizione = \"\"\"\n{}\n\"\"\"\n",
            area + 1,
            sentence(&mut rng, 6).trim_end_matches('.'),
            paragraph(&mut rng, 40)
        );
        let mut kinds = Vec::new();
        let mut ids = Vec::new();
        let chosen = rng.distinct(
            &[Kind::RateFloor, Kind::YesNo, Kind::CountFloor, Kind::Days],
            k,
        );
        for (j, (weight, kind)) in w.iter().zip(chosen).enumerate() {
            let sp = spec(kind, &mut rng);
            let targets = match kind {
                Kind::RateFloor => "{ 2022 = \">=70%\", 2023 = \">=75%\", 2024 = \">=80%\" }",
                Kind::YesNo => "{ 2022 = \"si\", 2023 = \"si\", 2024 = \"si\" }",
                Kind::CountFloor => "{ 2022 = \">= 50\", 2023 = \">= 55\", 2024 = \">= 60\" }",
                _ => "{ 2022 = \"<=20gg.+5\", 2023 = \"<=18gg.+5\", 2024 = \"<=15gg.+5\" }",
            };
            let baseline = if matches!(kind, Kind::CountFloor) {
                "48"
            } else {
                sp.baseline
            };
            let _ = write!(
                t,
                "\n[[kpi]]\nid = \"{}\"\nnome = \"{}\"\ntipologia = \"{}\"\npeso = {weight}\n{}fonte = \"{}\"\nalgoritmo = \"{}\"\nbaseline = \"{baseline}\"\ntarget = {targets}\n",
                j + 1,
                sp.name,
                sp.typology.to_lowercase(),
                sp.unit
                    .map(|u| format!("unita = \"{u}\"\n"))
                    .unwrap_or_default(),
                rng.pick(SOURCES),
                sp.algorithm,
            );
            kinds.push(kind);
            ids.push((j + 1).to_string());
        }
        write(
            &out.join(format!("obiettivi-strategici/{id}.toml")),
            &t,
            &mut files,
        )
        .map_err(io)?;
        strategic.push(Objective {
            id,
            kpis: kinds,
            kpi_ids: ids,
        });
    }

    // ---- operational objectives: round-robin over the strategic objectives
    let mut children = vec![0usize; n_so];
    let mut operational: Vec<Objective> = Vec::with_capacity(n);
    for i in 0..n {
        let s = i % n_so;
        children[s] += 1;
        let parent = &strategic[s].id;
        let id = format!("{parent}.{}", children[s]);
        let area = s % 4;
        let (mission, programme) = MISSIONS[area];
        let k = rng.range(4, 6) as usize;
        let w = weights(&mut rng, k);
        let mut t = String::with_capacity(6 * 1024);
        // ~300 words: description (2 paragraphs and a list), expected results, benefits
        let descrizione = format!(
            "{}\n\nAzioni previste:\n\n{}\n{}",
            paragraph(&mut rng, 70),
            list(&mut rng, 3, 6),
            paragraph(&mut rng, 60)
        );
        let risultati = format!(
            "{} Il contributo all'[obiettivo strategico {parent}](../../obiettivi-strategici/{parent}/) è misurato dagli indicatori.",
            paragraph(&mut rng, 80)
        );
        let benefici = paragraph(&mut rng, 50);
        let office = rng.pick(OFFICES);
        let _ = write!(
            t,
            "id = \"{id}\"\nobiettivo_strategico = \"{parent}\"\ntitolo = \"{}\"\nanno = 2022\nmissione = \"{mission}\"\nprogramma = \"{programme}\"\n\
descrizione = \"\"\"\n{descrizione}\"\"\"\nrisultati_attesi = \"\"\"\n{risultati}\n\"\"\"\nbenefici_attesi = \"\"\"\n{benefici}\n\"\"\"\n\
impatto_organizzativo = \"{}\"\n",
            sentence(&mut rng, 7).trim_end_matches('.'),
            sentence(&mut rng, 8).trim_end_matches('.'),
        );
        if rng.chance(85) {
            let _ = writeln!(t, "centro_di_costo = \"{}\"", office.to_lowercase());
        } else {
            let _ = writeln!(t, "area_organizzativa = \"{office}\"");
        }
        if rng.chance(80) {
            let _ = writeln!(t, "budget = \"{}\"", euro(rng.range(500_000, 50_000_000)));
            if rng.chance(15) {
                let _ = writeln!(
                    t,
                    "budget_nota = \"di cui {} a valere su fondi di perequazione\"",
                    euro(rng.range(100_000, 400_000))
                );
            }
        }
        let mut kinds = Vec::new();
        let mut ids = Vec::new();
        let chosen = rng.distinct(&KINDS, k);
        for (j, (weight, kind)) in w.iter().zip(chosen).enumerate() {
            let sp = spec(kind, &mut rng);
            let peso = if rng.chance(50) {
                format!("\"{weight}%\"")
            } else {
                weight.to_string()
            };
            let kid = format!("1.{}", j + 1);
            let _ = write!(
                t,
                "\n[[kpi]]\nid = \"{kid}\"\ncodice = \"{kid}.\"\nnome = \"{}\"\nalgoritmo = \"{}\"\nbaseline = \"{}\"\ntarget = \"{}\"\npeso = {peso}\n\
tipologia = \"{}\"\n{}fonte = \"{}\"\nresponsabile = \"{office}\"\nfrequenza = \"{}\"\n",
                sp.name,
                sp.algorithm,
                sp.baseline,
                sp.target,
                sp.typology,
                sp.unit
                    .map(|u| format!("unita = \"{u}\"\n"))
                    .unwrap_or_default(),
                rng.pick(SOURCES),
                rng.pick(&["Semestrale", "semestrale", "Annuale"]),
            );
            kinds.push(sp.kind);
            ids.push(kid);
        }
        write(
            &out.join(format!("obiettivi-operativi/{id}.toml")),
            &t,
            &mut files,
        )
        .map_err(io)?;
        operational.push(Objective {
            id,
            kpis: kinds,
            kpi_ids: ids,
        });
    }

    // ---- individual and common objectives: a few, as in a real plan
    let roles = [
        "Segretario Generale",
        "Dirigente Area Anagrafe e Regolazione del mercato",
        "Dirigente Area Promozione",
    ];
    let mut individual = Vec::new();
    for (i, role) in roles.iter().enumerate() {
        let id = (i + 1).to_string();
        let text = format!(
            "id = \"{id}\"\nruolo = \"{role}\"\ntitolo = \"{}\"\ndescrizione = \"{}\"\n\n[[kpi]]\nid = \"1\"\nnome = \"Realizzazione delle attività previste\"\nalgoritmo = \"si/no\"\ntarget = \"si\"\npeso = 50\n\n\
[[kpi]]\nid = \"2\"\nnome = \"Grado di raggiungimento degli obiettivi operativi dell'area\"\nalgoritmo = \"Media dei raggiungimenti\"\ntarget = \">=70%\"\npeso = 50\n",
            sentence(&mut rng, 8).trim_end_matches('.'),
            sentence(&mut rng, 20)
        );
        write(
            &out.join(format!("obiettivi-individuali/{id}.toml")),
            &text,
            &mut files,
        )
        .map_err(io)?;
        individual.push(Objective {
            id,
            kpis: vec![Kind::YesNo, Kind::RateFloor],
            kpi_ids: vec!["1".into(), "2".into()],
        });
    }
    let mut common = Vec::new();
    for i in 0..3 {
        let id = (i + 1).to_string();
        let text = format!(
            "id = \"{id}\"\ntitolo = \"{}\"\ndescrizione = \"\"\"\n{}\n\"\"\"\npeso_generale = 2\n\n[[kpi]]\nid = \"1\"\nnome = \"Iniziative di sistema realizzate\"\ntipologia = \"OUTPUT\"\npeso = 50\nalgoritmo = \"N. iniziative realizzate nell'anno\"\nbaseline = \"3\"\ntarget = {{ 2022 = \"≥2\" }}\n\n\
[[kpi]]\nid = \"2\"\nnome = \"Grado di coinvolgimento delle imprese\"\ntipologia = \"EFFICACIA\"\npeso = 50\nalgoritmo = \"Imprese coinvolte / imprese attive\"\nbaseline = \"0,2%\"\ntarget = {{ 2022 = \">=0,1%\" }}\n",
            sentence(&mut rng, 4).trim_end_matches('.').to_uppercase(),
            paragraph(&mut rng, 50)
        );
        write(
            &out.join(format!("obiettivi-comuni/{id}.toml")),
            &text,
            &mut files,
        )
        .map_err(io)?;
        common.push(Objective {
            id,
            kpis: vec![Kind::CountFloor, Kind::RateFloor],
            kpi_ids: vec!["1".into(), "2".into()],
        });
    }

    // ---- monitoring periods
    for (pi, (pid, title, end, share, published)) in periods.iter().enumerate() {
        let late = pi == 1;
        let dir = out.join(format!("monitoraggio/{pid}"));
        let text = format!(
            "id = \"{pid}\"\ntitolo = \"{title}\"\nanno = 2022\nfine = {end}\nquota_anno = \"{share}\"\ndata_pubblicazione = {published}\ndata_aggiornamento = {published}\n"
        );
        write(&dir.join("periodo.toml"), &text, &mut files).map_err(io)?;
        for (folder, list, strategic_level) in [
            ("obiettivi-strategici", &strategic, true),
            ("obiettivi-operativi", &operational, false),
            ("obiettivi-individuali", &individual, false),
            ("obiettivi-comuni", &common, false),
        ] {
            for o in list.iter() {
                // 1% of the objectives have no report file in the period
                if rng.chance(1) {
                    continue;
                }
                let text = report(&mut rng, o, late, strategic_level);
                write(
                    &dir.join(format!("{folder}/{}.toml", o.id)),
                    &text,
                    &mut files,
                )
                .map_err(io)?;
            }
        }
    }
    Ok(files)
}

/// One objective's report for a period.
fn report(rng: &mut Rng, o: &Objective, late: bool, strategic: bool) -> String {
    let (declared, statement): (Option<&str>, &str) = match rng.range(0, 99) {
        0..=54 => (
            Some(if late { "raggiunto" } else { "in linea" }),
            if late {
                "OBIETTIVO RAGGIUNTO"
            } else {
                "IN LINEA CON TARGET"
            },
        ),
        55..=74 => (Some("parzialmente raggiunto"), "PARZIALMENTE RAGGIUNTO"),
        75..=84 => (Some("non raggiunto"), "NON IN LINEA CON IL TARGET"),
        85..=89 => (
            Some("non valutabile"),
            "NON VALUTABILE ALLA DATA DEL MONITORAGGIO",
        ),
        _ => (None, ""),
    };
    let mut t = String::with_capacity(1024);
    let _ = writeln!(t, "obiettivo = \"{}\"", o.id);
    if !statement.is_empty() {
        let _ = writeln!(t, "dichiarazione = \"{statement}\"");
    }
    if let Some(d) = declared {
        let _ = writeln!(t, "stato_dichiarato = \"{d}\"");
    }
    // strategic objectives: 15% report only a declared progress, 10% nothing (rolled up from
    // their operational objectives)
    let mode = if strategic { rng.range(0, 99) } else { 99 };
    if mode < 15 {
        let _ = writeln!(
            t,
            "avanzamento = \"{}%\"",
            if late {
                rng.range(60, 100)
            } else {
                rng.range(30, 60)
            }
        );
    }
    if rng.chance(30) {
        let _ = writeln!(t, "nota = \"\"\"\n{}\n\"\"\"", paragraph(rng, 30));
    }
    if mode < 25 {
        return t;
    }
    for (kind, id) in o.kpis.iter().zip(&o.kpi_ids) {
        let r = rng.range(0, 99);
        if r < 1 {
            continue; // not reported at all
        }
        let _ = write!(t, "\n[[kpi]]\nid = \"{id}\"\n");
        if r < 4 {
            t.push_str("valore = \"non rilevato\"\n");
            continue;
        }
        let v = if strategic && matches!(kind, Kind::CountFloor) {
            rng.range(20, 70).to_string()
        } else {
            value(*kind, rng, late)
        };
        match v.strip_prefix("ratio:") {
            Some(tenths) => {
                let pct: u64 = tenths.parse().unwrap_or(700);
                let den = rng.range(100, 2000);
                let num = den * pct / 1000;
                let _ = writeln!(t, "numeratore = {num}\ndenominatore = {den}");
            }
            None => {
                let _ = writeln!(t, "valore = \"{v}\"");
            }
        }
        if rng.chance(5) {
            let _ = writeln!(t, "nota = \"{}\"", sentence(rng, 12));
        }
    }
    t
}
