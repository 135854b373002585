//! Property tests: the parsers and the loader never panic on any input, targets print
//! back to a form that reads the same, and the evaluation keeps its invariants.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::Decimal;
use trasparenza::diagnostic::Source;
use trasparenza::evaluate::PeriodShare;
use trasparenza::evaluate::kpi::{Around, evaluate};
use trasparenza::load::{files, load_sources};
use trasparenza::model::date::DayMonth;
use trasparenza::model::target::{Due, Reference};
use trasparenza::model::{
    Goal, Kpi, Measured, Op, Plan, Polarity, Rules, Target, Unit, YearTarget, natural_cmp,
};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real content as sources (paths relative to content/), read once.
fn real_sources() -> &'static Vec<Source> {
    static SOURCES: OnceLock<Vec<Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let (sources, diags) = files::read_dir(&manifest().join("content"));
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        sources
    })
}

fn real_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let loaded = trasparenza::load::load_dir(&manifest().join("content"));
        let diagnostics = format!("{:?}", loaded.diagnostics);
        loaded
            .into_current()
            .unwrap_or_else(|| panic!("{diagnostics}"))
    })
}

// ---------------------------------------------------------------- strategies

/// Strings that look like what people write in targets and values, plus noise.
fn target_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ ]{0,2}(>=|=>|≥|<=|=<|≤|>|<|=)?[ ]{0,2}-?[0-9]{0,7}([.,][0-9]{0,4})?[ ]?(%|%%|gg\\.?|giorni|g\\.)?(\\+[0-9]{0,3}(gg|giorni)?\\.?)?[ ]{0,2}",
        "(>=|≤|=)?(s[iìí]|SI|S[IÌ]|no|NO|yes|si/no|s[iì]\\.|circa 70|non rilevato|n\\.r\\.|nd|€ ?[0-9.,]{1,12})",
        "(entro (il )?|completato il |almeno |non (superiore|inferiore) al? |[+-]?[0-9]{0,3}% rispetto (al|alla) |>= valore )?([0-9]{1,2}[/.][0-9]{1,2}([/.][0-9]{2,4})?|[0-9]{1,2} giugno( 20[0-9]{2})?|baseline|20[0-9]{2}|[0-9]{1,3}\\.[0-9]{3}|n\\.d\\.|-|mantenimento)",
        proptest::collection::vec(
            prop_oneof![
                Just('%'),
                Just('+'),
                Just(','),
                Just('.'),
                Just('-'),
                Just('≥'),
                Just('g'),
                Just(' '),
                proptest::char::range('0', '9')
            ],
            0..16
        )
        .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

fn op() -> impl Strategy<Value = Option<Op>> {
    prop_oneof![
        Just(None),
        Just(Some(Op::AtLeast)),
        Just(Some(Op::Above)),
        Just(Some(Op::AtMost)),
        Just(Some(Op::Below)),
        Just(Some(Op::Exactly))
    ]
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Number), Just(Unit::Percent), Just(Unit::Days)]
}

/// A decimal with at most 2 decimals, as plans write them.
fn amount(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max * 100).prop_map(|cents| Decimal::new(cents, 2))
}

/// Valid targets whose printed form is meant to read back the same: amounts below
/// 1000 without tolerance, and yes/no without operator (see tests/README.md for the
/// forms excluded because of known problems).
fn printable_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (op(), amount(999), unit()).prop_map(|(op, value, unit)| Target {
            op,
            goal: Goal::Amount {
                value: value.normalize(),
                unit,
                tolerance: None
            },
        }),
        any::<bool>().prop_map(|expected| Target {
            op: None,
            goal: Goal::YesNo { expected }
        }),
        new_form(),
    ]
}

/// The forms other bodies write: deadlines, relative targets, "mantenimento", no target.
fn new_form() -> impl Strategy<Value = Target> {
    let day = (1u8..=12, 1u8..=31).prop_filter_map("a day of the year", |(m, d)| {
        DayMonth::parse(&format!("{d}/{m}"))
    });
    let reference = prop_oneof![
        Just(Reference::Baseline),
        (2000i32..=2100).prop_map(|year| Reference::Year { year }),
    ];
    let change =
        proptest::option::of((-10_000i64..=10_000).prop_map(|c| Decimal::new(c, 2).normalize()));
    prop_oneof![
        (2000i32..=2100, day.clone()).prop_filter_map("a date", |(y, d)| {
            Some(Target {
                op: None,
                goal: Goal::Deadline {
                    due: Due::On {
                        date: d.in_year(y)?,
                    },
                },
            })
        }),
        day.prop_map(|day| Target {
            op: None,
            goal: Goal::Deadline {
                due: Due::InYear { day }
            },
        }),
        (op(), change, reference).prop_map(|(op, change, reference)| Target {
            op,
            goal: Goal::Relative { change, reference },
        }),
        Just(Target {
            op: None,
            goal: Goal::Keep
        }),
        Just(Target {
            op: None,
            goal: Goal::NotSet
        }),
    ]
}

/// Any valid target.
fn any_target() -> impl Strategy<Value = Target> {
    prop_oneof![
        (
            op(),
            amount(1_000_000),
            unit(),
            proptest::option::of(amount(100))
        )
            .prop_map(|(op, value, unit, tolerance)| Target {
                op,
                goal: Goal::Amount {
                    value,
                    unit,
                    tolerance
                },
            }),
        (
            prop_oneof![Just(None), Just(Some(Op::AtLeast)), Just(Some(Op::Exactly))],
            any::<bool>()
        )
            .prop_map(|(op, expected)| Target {
                op,
                goal: Goal::YesNo { expected }
            }),
    ]
}

fn measured() -> impl Strategy<Value = Measured> {
    prop_oneof![
        any::<bool>().prop_map(|value| Measured::YesNo { value }),
        (amount(10_000_000), proptest::option::of(unit()))
            .prop_map(|(value, unit)| Measured::Amount { value, unit }),
        (
            amount(100_000),
            amount(100_000).prop_filter("non-zero", |d| !d.is_zero())
        )
            .prop_map(|(numerator, denominator)| Measured::Ratio {
                numerator,
                denominator
            }),
        Just(Measured::Missing),
    ]
}

fn rules() -> impl Strategy<Value = Rules> {
    (
        prop_oneof![
            Just(Polarity::Crescente),
            Just(Polarity::Decrescente),
            Just(Polarity::Esatta)
        ],
        (100i64..=200).prop_map(Decimal::from),
        any::<bool>(),
    )
        .prop_map(|(default_polarity, cap, proportional)| Rules {
            default_polarity,
            cap,
            interim: if proportional {
                trasparenza::model::rules::Interim::Proporzionale
            } else {
                trasparenza::model::rules::Interim::Intero
            },
            ..Rules::default()
        })
}

fn share() -> impl Strategy<Value = PeriodShare> {
    (1i64..=100).prop_map(|s| PeriodShare {
        share: Decimal::from(s),
        is_final: s == 100,
    })
}

fn kpi(polarity: Option<Polarity>, target: &Target) -> (Kpi, YearTarget) {
    let year = YearTarget {
        year: 2022,
        target: target.clone(),
        written: target.to_string(),
    };
    let kpi = Kpi {
        id: "1".into(),
        code: None,
        name: "KPI di prova".into(),
        kind: None,
        weight: Some(Decimal::ONE_HUNDRED),
        unit: None,
        source: None,
        algorithm: None,
        baseline: None,
        polarity,
        responsible: None,
        frequency: None,
        targets: vec![year.clone()],
    };
    (kpi, year)
}

/// Random edits of a text: deletions, insertions of TOML-significant characters,
/// duplicated and swapped lines.
fn mutate(text: &str, edits: &[(u8, usize, String)]) -> String {
    let mut s = text.to_owned();
    for (kind, pos, insert) in edits {
        let len = s.len();
        let at = |p: usize, s: &str| {
            let mut i = if len == 0 { 0 } else { p % (s.len() + 1) };
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match kind % 5 {
            0 => {
                let a = at(*pos, &s);
                let b = at(pos.saturating_add(insert.len() % 40 + 1), &s).max(a);
                s.replace_range(a..b, "");
            }
            1 => {
                let a = at(*pos, &s);
                s.insert_str(a, insert);
            }
            2 => {
                let lines: Vec<&str> = s.lines().collect();
                if !lines.is_empty() {
                    let i = pos % lines.len();
                    let mut v: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    v.insert(i, lines[i].to_owned());
                    s = v.join("\n");
                }
            }
            3 => {
                let mut v: Vec<String> = s.lines().map(str::to_owned).collect();
                if v.len() > 1 {
                    let i = pos % v.len();
                    let j = (pos / 7) % v.len();
                    v.swap(i, j);
                    s = v.join("\n");
                }
            }
            _ => {
                let a = at(*pos, &s);
                let b = at(pos.saturating_add(1), &s).max(a);
                s.replace_range(a..b, insert);
            }
        }
    }
    s
}

fn edit() -> impl Strategy<Value = (u8, usize, String)> {
    (
        any::<u8>(),
        any::<usize>(),
        prop_oneof![
            "[=\"'\\[\\]{}#,.\n\r\t ]{1,4}",
            "(\\[\\[kpi\\]\\]|\\[ente\\]|id = \"1\"|target = \"|peso = |anno = 3000|2022-02-30|\"\"\"|\u{feff}|\\\\u)",
            any::<String>(),
        ],
    )
}

// ---------------------------------------------------------------- parsers

proptest! {
    #![proptest_config(config())]

    #[test]
    fn target_parse_never_panics(text in target_like()) {
        let _ = Target::parse(&text);
    }

    #[test]
    fn measured_parse_never_panics(text in target_like()) {
        let _ = Measured::parse(&text);
    }

    #[test]
    fn an_accepted_target_prints_without_panicking(text in target_like()) {
        if let Ok(t) = Target::parse(&text) {
            let shown = t.to_string();
            prop_assert!(!shown.is_empty());
        }
    }

    #[test]
    fn printed_targets_read_back_the_same(t in printable_target()) {
        let shown = t.to_string();
        let back = Target::parse(&shown);
        prop_assert_eq!(back.as_ref().ok(), Some(&t), "printed as {:?}, read back as {:?}", shown, back);
    }

    #[test]
    fn parse_print_parse_is_stable(t in printable_target()) {
        // parse -> Display -> parse: the second parse equals the first.
        let first = Target::parse(&t.to_string()).unwrap();
        let second = Target::parse(&first.to_string()).unwrap();
        prop_assert_eq!(first, second);
    }

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512), bom in any::<bool>()) {
        let mut input = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
        input.extend(bytes);
        let mut diags = Vec::new();
        let source = files::decode(std::path::Path::new("piano/aree/1.toml"), input, &mut diags);
        // either a source or an error that says where
        prop_assert!(source.is_some() || diags.iter().any(|d| d.is_error()));
        for d in &diags {
            prop_assert!(d.hint.is_some(), "{}", d);
        }
    }

    #[test]
    fn line_col_never_panics(text in any::<String>(), offset in any::<usize>()) {
        let src = Source::new("a.toml", text);
        let (line, column) = src.line_col(offset % (src.text.len() + 2));
        prop_assert!(line >= 1 && column >= 1);
        let _ = src.line_text(line);
    }
}

// ---------------------------------------------------------------- loader

proptest! {
    #![proptest_config(config())]

    #[test]
    fn loader_never_panics_on_random_text(text in any::<String>(), which in any::<usize>()) {
        let mut sources = real_sources().clone();
        let i = which % sources.len();
        sources[i].text = text;
        let loaded = load_sources(&sources);
        for d in &loaded.diagnostics {
            let _ = d.to_string();
        }
    }

    #[test]
    fn loader_never_panics_on_mutated_toml(which in any::<usize>(), edits in proptest::collection::vec(edit(), 1..6)) {
        let mut sources = real_sources().clone();
        let i = which % sources.len();
        sources[i].text = mutate(&sources[i].text, &edits);
        let loaded = load_sources(&sources);
        // every error says what to do, and points inside the file
        for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
            prop_assert!(d.hint.is_some(), "error without hint: {}", d);
            if let Some(src) = sources.iter().find(|s| s.path == d.file) {
                prop_assert!(d.line <= src.text.split('\n').count().max(1), "line out of the file: {}", d);
            }
            let _ = d.to_string();
        }
        prop_assert_eq!(loaded.plans.is_some(), loaded.errors() == 0);
    }

    #[test]
    fn loader_never_panics_on_a_lone_random_file(
        text in prop_oneof![any::<String>(), "[a-z_]{1,12} = (\"[^\"]{0,20}\"|[0-9]{1,6}|\\{ *\\}|\\[\\]|true|2022-0[1-9]-[0-3][0-9])(\n[a-z_]{1,12} = \"x\"){0,5}"],
        place in prop_oneof![
            Just("sito.toml"), Just("piano/aree/9.toml"), Just("piano/obiettivi-strategici/9.toml"),
            Just("piano/obiettivi-operativi/9.toml"), Just("piano/obiettivi-individuali/9.toml"), Just("piano/obiettivi-comuni/9.toml"),
            Just("monitoraggio/2022-S1/periodo.toml"), Just("monitoraggio/2022-S1/obiettivi-operativi/9.toml"), Just("altro/9.toml"),
        ],
    ) {
        let loaded = load_sources(&[Source::new(place, text)]);
        prop_assert!(loaded.plans.is_none() || loaded.errors() == 0);
    }
}

// ---------------------------------------------------------------- evaluation

proptest! {
    #![proptest_config(config())]

    #[test]
    fn achievement_is_within_zero_and_cap(
        t in any_target(), m in measured(), r in rules(), s in share(),
        polarity in proptest::option::of(prop_oneof![Just(Polarity::Crescente), Just(Polarity::Decrescente), Just(Polarity::Esatta)]),
    ) {
        let (k, y) = kpi(polarity, &t);
        let result = evaluate(&k, Some(&y), &m, &r, s, &Around::default());
        if let Some(a) = result.achievement {
            prop_assert!(a >= Decimal::ZERO && a <= r.cap, "achievement {} outside 0..={} for target {} and {:?}", a, r.cap, t, m);
        }
        if matches!(m, Measured::Missing) {
            prop_assert!(result.achievement.is_none());
        }
        prop_assert!(!result.explanation.is_empty());
    }

    #[test]
    fn higher_is_better_is_monotone(
        op in prop_oneof![Just(Some(Op::AtLeast)), Just(Some(Op::Above)), Just(None)],
        target in amount(10_000), tolerance in proptest::option::of(amount(50)), u in unit(),
        a in amount(100_000), b in amount(100_000), r in rules(), s in share(),
    ) {
        let t = Target { op, goal: Goal::Amount { value: target, unit: u, tolerance } };
        let (k, y) = kpi(Some(Polarity::Crescente), &t);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let at = |v: Decimal| evaluate(&k, Some(&y), &Measured::Amount { value: v, unit: None }, &r, s, &Around::default()).achievement.unwrap();
        prop_assert!(at(lo) <= at(hi), "target {}: value {} scores {}, value {} scores {}", t, lo, at(lo), hi, at(hi));
    }

    #[test]
    fn lower_is_better_is_monotone(
        op in prop_oneof![Just(Some(Op::AtMost)), Just(Some(Op::Below)), Just(None)],
        target in amount(10_000), tolerance in proptest::option::of(amount(50)), u in unit(),
        a in amount(100_000), b in amount(100_000), r in rules(), s in share(),
    ) {
        let t = Target { op, goal: Goal::Amount { value: target, unit: u, tolerance } };
        let (k, y) = kpi(Some(Polarity::Decrescente), &t);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let at = |v: Decimal| evaluate(&k, Some(&y), &Measured::Amount { value: v, unit: None }, &r, s, &Around::default()).achievement.unwrap();
        prop_assert!(at(lo) >= at(hi), "target {}: value {} scores {}, value {} scores {}", t, lo, at(lo), hi, at(hi));
    }

    /// Extreme numbers (beyond what the loader accepts) saturate instead of overflowing.
    #[test]
    fn evaluation_never_panics_on_extreme_numbers(
        tv in prop_oneof![Just(Decimal::ZERO), Just(Decimal::new(1, 28)), Just(Decimal::new(1, 10)), Just(Decimal::MAX), Just(Decimal::from(1_000_000_000_000i64))],
        mv in prop_oneof![Just(Decimal::ZERO), Just(Decimal::new(1, 28)), Just(Decimal::MAX), Just(Decimal::from(1_000_000_000_000i64))],
        op in op(), u in unit(), r in rules(), s in share(),
    ) {
        let t = Target { op, goal: Goal::Amount { value: tv, unit: u, tolerance: None } };
        let (k, y) = kpi(None, &t);
        let result = evaluate(&k, Some(&y), &Measured::Amount { value: mv, unit: None }, &r, s, &Around::default());
        if let Some(a) = result.achievement {
            prop_assert!(a >= Decimal::ZERO && a <= r.cap);
        }
    }
}

// ---------------------------------------------------------------- roll-up

/// The real plan with every KPI weight multiplied by `factor`.
fn scaled(plan: &Plan, factor: Decimal) -> Plan {
    let mut p = plan.clone();
    for o in p
        .strategic
        .iter_mut()
        .chain(&mut p.operational)
        .chain(&mut p.individual)
        .chain(&mut p.common)
    {
        for k in &mut std::sync::Arc::make_mut(o).kpis {
            k.weight = k.weight.map(|w| w * factor);
        }
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases.min(64), ..config() })]

    #[test]
    fn scaling_every_weight_changes_no_result(
        factor in prop_oneof![(1i64..=1000).prop_map(Decimal::from), (1i64..=999).prop_map(|c| Decimal::new(c, 2))],
    ) {
        let plan = real_plan();
        let other = scaled(plan, factor);
        for (period, period2) in plan.periods.iter().zip(&other.periods) {
            let a = trasparenza::evaluate::evaluate(plan, period);
            let b = trasparenza::evaluate::evaluate(&other, period2);
            for (x, y) in a.objectives.iter().zip(&b.objectives) {
                prop_assert_eq!(&x.id, &y.id);
                prop_assert_eq!(&x.weights, &y.weights, "normalised weights of {}", x.id);
                prop_assert_eq!(x.score.achievement, y.score.achievement, "objective {} with weights × {}", x.id, factor);
                prop_assert_eq!(x.score.status, y.score.status);
            }
            for (x, y) in a.areas.iter().zip(&b.areas) {
                prop_assert_eq!(x.score.achievement, y.score.achievement, "area {}", x.id);
            }
            prop_assert_eq!(a.body.achievement, b.body.achievement);
        }
    }
}

// ---------------------------------------------------------------- reuse

/// The fixtures that exercise what an objective's result reads: relative targets reading
/// another period, revisions, a year end, two plans, and the real content. Each as its
/// sources, read once.
fn reuse_fixtures() -> &'static Vec<Vec<Source>> {
    static FIXTURES: OnceLock<Vec<Vec<Source>>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let complete = tempfile::tempdir().unwrap();
        trasparenza::init::create(complete.path(), true).unwrap();
        let data = manifest().join("tests/data");
        [
            data.join("forme-target/content"),
            data.join("revisioni"),
            data.join("esempio-anno"),
            complete.path().join("content"),
        ]
        .iter()
        .map(|dir| {
            let (sources, diags) = files::read_dir(dir);
            assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
            sources
        })
        .chain(std::iter::once(real_sources().clone()))
        .collect()
    })
}

/// Every digit of `sources` at the positions chosen replaced: a value, target, weight,
/// date, share of the year or id changed somewhere.
/// With `shared`, the file is one that every objective reads (`sito.toml`, `piano.toml`,
/// `periodo.toml`, `revisioni.toml`), so that its few digits are edited as often as those
/// of the many objective and monitoring files.
fn change_digits(sources: &[Source], edits: &[(usize, usize, u8, bool)]) -> Vec<Source> {
    let shared = shared_files(sources);
    let mut out = sources.to_vec();
    for &(file, at, digit, among_shared) in edits {
        let file = match among_shared && !shared.is_empty() {
            true => shared[file % shared.len()],
            false => file % sources.len(),
        };
        let source = &mut out[file];
        let digits: Vec<usize> = source
            .text
            .bytes()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_digit())
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = digits.get(at % digits.len().max(1)) {
            let d = char::from(b'0' + digit % 10).to_string();
            source.text.replace_range(i..=i, &d);
        }
    }
    out
}

/// The positions of the files that every objective reads.
fn shared_files(sources: &[Source]) -> Vec<usize> {
    (0..sources.len())
        .filter(|&i| {
            sources[i].path.file_name().is_some_and(|n| {
                ["sito.toml", "piano.toml", "periodo.toml", "revisioni.toml"]
                    .iter()
                    .any(|s| n == *s)
            })
        })
        .collect()
}

fn as_json(evaluations: &[Vec<trasparenza::evaluate::Evaluation>]) -> String {
    serde_json::to_string(evaluations).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: config().cases.min(128), ..config() })]

    /// Evaluating an edited content reusing the results of the content before the edit
    /// gives exactly what evaluating it from scratch gives.
    #[test]
    fn reusing_a_previous_evaluation_changes_no_result(
        fixture in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<u8>(), any::<bool>()), 1..4),
    ) {
        use trasparenza::evaluate::{Previous, evaluate_plans, evaluate_plans_reusing};
        let fixtures = reuse_fixtures();
        let before_sources = &fixtures[fixture % fixtures.len()];
        let before = load_sources(before_sources).plans.expect("the fixture loads");
        let evaluated = evaluate_plans(&before);
        let after = load_sources(&change_digits(before_sources, &edits)).plans;
        prop_assume!(after.is_some(), "the edit made the content invalid");
        let after = after.unwrap();
        let previous = Previous { plans: &before, evaluations: &evaluated };
        prop_assert_eq!(
            as_json(&evaluate_plans_reusing(&after, Some(previous))),
            as_json(&evaluate_plans(&after))
        );
    }
}

/// Every digit of every file that all objectives read (rules, plan, periods, revisions) of
/// the small fixtures changed in turn: reusing gives what evaluating from scratch gives.
#[test]
fn reusing_after_any_edit_of_a_shared_file_changes_no_result() {
    use trasparenza::evaluate::{Previous, evaluate_plans, evaluate_plans_reusing};
    let fixtures = reuse_fixtures();
    let mut checked = 0;
    for sources in &fixtures[..fixtures.len() - 1] {
        let before = load_sources(sources).plans.expect("the fixture loads");
        let evaluated = evaluate_plans(&before);
        let previous = Previous {
            plans: &before,
            evaluations: &evaluated,
        };
        for file in shared_files(sources) {
            let digits = sources[file]
                .text
                .bytes()
                .filter(u8::is_ascii_digit)
                .count();
            for at in 0..digits {
                for digit in [1, 5, 9] {
                    let edited = change_digits(sources, &[(file, at, digit, false)]);
                    let Some(after) = load_sources(&edited).plans else {
                        continue;
                    };
                    let reused = as_json(&evaluate_plans_reusing(&after, Some(previous)));
                    let path = &edited[file].path;
                    assert!(
                        reused == as_json(&evaluate_plans(&after)),
                        "digit {at} of {} set to {digit}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} edits loaded");
}

/// The reports found in one pass over a period are those found one objective at a time.
#[test]
fn reports_found_in_one_pass_are_those_found_one_by_one() {
    use trasparenza::model::Kind;
    let (mut found, mut missing) = (0, 0);
    for sources in reuse_fixtures() {
        let plans = load_sources(sources).plans.expect("the fixture loads");
        for plan in plans.all() {
            for period in &plan.periods {
                for kind in Kind::ALL {
                    let list = plan.objectives(kind);
                    let one_by_one: Vec<_> =
                        list.iter().map(|o| period.report(kind, &o.id)).collect();
                    assert_eq!(period.reports_of(kind, list), one_by_one);
                    found += one_by_one.iter().flatten().count();
                    missing += one_by_one.iter().filter(|r| r.is_none()).count();
                }
            }
        }
    }
    assert!(
        found > 50 && missing > 5,
        "{found} found, {missing} missing"
    );
}

/// Natural order written plainly: each part, split at `.`, `-` and space, compares as
/// (number, text), a part that is not a number after every number.
fn natural_by_parts(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |part: &str| (part.parse::<u64>().unwrap_or(u64::MAX), part.to_owned());
    let split = |id: &str| id.split(['.', '-', ' ']).map(key).collect::<Vec<_>>();
    split(a).cmp(&split(b))
}

proptest! {
    #![proptest_config(config())]

    /// The comparison that skips the parts two ids share orders them as the plain one.
    #[test]
    fn natural_order_is_the_order_of_the_parts(
        a in "[0-9a-b.\\- ]{0,3}[019.\\-]{0,6}",
        b in "[0-9a-b.\\- ]{0,3}[019.\\-]{0,6}",
        shared in "[0-9.A-]{0,5}",
    ) {
        let (a, b) = (format!("{shared}{a}"), format!("{shared}{b}"));
        prop_assert_eq!(natural_cmp(&a, &b), natural_by_parts(&a, &b), "{:?} {:?}", a, b);
    }
}

#[test]
fn natural_order_numbers_ids_as_people_do() {
    let mut ids = [
        "1.10", "1.9", "1.1.2", "A", "1.1", "1.1.10", "01.1", "2-1", "1.1.1",
    ];
    ids.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(
        ids,
        [
            "01.1", "1.1", "1.1.1", "1.1.2", "1.1.10", "1.9", "1.10", "2-1", "A"
        ]
    );
}
