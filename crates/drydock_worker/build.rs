//! The Helm engine's wasm module gets a 16 MiB stack: Helm lets a template `include` itself
//! 1000 levels deep before it stops with its error, and those levels overflow the 1 MiB the wasm
//! target gives by default (drydock_engine's test renders them on a native stack of this size).
//! A link argument of that binary alone, so Trunk builds it as it builds the others.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!(
            "cargo::rustc-link-arg-bin=engine_helm=-zstack-size={}",
            16 << 20
        );
    }
}
