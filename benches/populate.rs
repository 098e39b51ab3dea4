//! `ssolint populate` without the network: planning (and verifying) 1 000 new profiles on a
//! config with 200 hand-written ones, and re-planning the populated file (the "is it
//! current?" run). Run: `cargo bench --bench populate`.

use criterion::{Criterion, criterion_group, criterion_main};
use ssolint::fix::populate::{self, Assignment};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let mut text = String::from(
        "[sso-session emu]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n",
    );
    for i in 0..200 {
        text.push_str(&format!(
            "\n# hand-written {i}\n[profile hand{i}]\nsso_session = emu\nsso_account_id = {:012}\nsso_role_name = Custom\nregion = eu-west-1\n",
            200_000_000_000u64 + i
        ));
    }
    let assignments: Vec<Assignment> = (0..250)
        .flat_map(|i| {
            ["Admin", "ReadOnly", "Dev", "Billing"].map(|role| Assignment {
                account_id: format!("{:012}", 100_000_000_000u64 + i),
                account_name: format!("Team {i}"),
                role_name: role.into(),
            })
        })
        .collect();
    let options = populate::Options {
        session: "emu".into(),
        template: populate::DEFAULT_TEMPLATE.into(),
        region: None,
        output: None,
        prune: true,
        adopt: false,
    };
    let mut group = c.benchmark_group("populate-1000");
    group.sample_size(20);
    group.bench_function("plan", |b| {
        b.iter(|| populate::plan(&text, &assignments, &options).unwrap())
    });
    let plan = populate::plan(&text, &assignments, &options).unwrap();
    assert_eq!(plan.added.len(), 1000);
    let populated = populate::apply(&text, &plan);
    group.bench_function("plan-when-current", |b| {
        b.iter(|| populate::plan(&populated, &assignments, &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
