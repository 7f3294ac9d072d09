//! What the criterion benches share: reading back the mean criterion
//! recorded, for the tables of ratios they print.

/// Mean time per iteration of one benchmark, as criterion recorded it: in
/// the workspace's target directory, which is `CARGO_TARGET_DIR` where that
/// is set (criterion looks there too) and the root's `target/` otherwise.
pub(crate) fn mean_ns(group: &str, function: &str) -> Option<f64> {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    let path = format!("{target}/criterion/{group}/{function}/new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json.get("mean")?.get("point_estimate")?.as_f64()
}
