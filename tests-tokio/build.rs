//! Marks the PostgreSQL tests as ignored, so that `cargo test` reports them
//! as such, where `DATABASE_URL` is not set and CI is not either. Under `CI`
//! they always run, and fail without a server: CI must not pass on tests it
//! skipped.

fn main() {
    println!("cargo::rerun-if-env-changed=DATABASE_URL");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(postgres_tests)");
    let set = |name| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let ci = std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"));
    if set("DATABASE_URL") || ci {
        println!("cargo::rustc-cfg=postgres_tests");
    }
}
