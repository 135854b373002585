//! What the unit tests of several modules share.

use std::path::Path;

use crate::build::{Options, build};
use crate::evaluate::Evaluation;
use crate::model::Plan;

/// Calls `f` with each plan, and its evaluations, of the shipped content and of the
/// complete example that `init` writes (two plans, revisions, a year end, a Relazione).
pub fn each_plan(mut f: impl FnMut(&Plan, &[Evaluation])) {
    let tmp = tempfile::tempdir().unwrap();
    crate::init::create(&tmp.path().join("ente"), true).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut plans = 0;
    for content in [shipped, tmp.path().join("ente/content")] {
        let built = build(&Options {
            content,
            ..Options::default()
        })
        .unwrap_or_else(|d| panic!("{d:?}"));
        for (plan, evaluations) in built.plans.all().iter().zip(&built.evaluations) {
            f(plan, evaluations);
            plans += 1;
        }
    }
    // the shipped plan and the example's two
    assert!(plans >= 3, "{plans} plans");
}
