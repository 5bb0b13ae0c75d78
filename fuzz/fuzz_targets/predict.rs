//! `predict` on arbitrary bytes: invalid UTF-8 must be an error, anything
//! else a result; nothing may panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stance::actors::Gazetteer;
use stance::article::analyze_article;
use stance::model_file::Model;

fn parts() -> &'static (Model, Gazetteer) {
    static CELL: OnceLock<(Model, Gazetteer)> = OnceLock::new();
    CELL.get_or_init(|| (Model::embedded().expect("embedded model"), Gazetteer::embedded()))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (model, gazetteer) = parts();
        let out = analyze_article(model, gazetteer, "fuzz", text).expect("analysis of valid UTF-8 never fails");
        for d in &out.dyads {
            assert!(d.evidence.iter().all(|&i| i < out.sentences.len()));
        }
    }
});
