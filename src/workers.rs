//! The process's two worker threads. The core splits the work on a large input in two
//! halves with `rayon_core::join` (botocore's tree in two parts, the resolution beside the
//! key uses, the rules in two groups, `migrate`'s readings); this edge starts the pool
//! that runs them, once, as early as a command knows it may need it.
//!
//! Why a pool started early, and why each worker has its own CPUs: on this project's 2-CPU
//! machine (a firecracker VM whose scheduler packs threads onto as few CPUs as it can), a
//! thread spawned for a phase waited 1-4 ms for a CPU in a third of the runs, longer than
//! the phase it was to run. Two workers started at once and kept on disjoint CPU sets are
//! woken in ~30 µs (measured: ARCHITECTURE.md, performance). On a machine with more CPUs
//! each worker still has half of them to move between.

/// Starts the two workers (no-op when started before, or with a single CPU: then
/// `rayon_core::join` runs both halves on the calling thread).
pub fn start() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
            return;
        }
        let cpus = allowed_cpus();
        // An error means a pool exists already (a test or an embedding program built one):
        // then the halves run there.
        let _ = rayon_core::ThreadPoolBuilder::new()
            .num_threads(2)
            .thread_name(|i| format!("ssolint-worker-{i}"))
            .start_handler(move |i| keep_to_half(&cpus, i))
            .build_global();
    });
}

/// The CPUs this process may run on, in order.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn allowed_cpus() -> Vec<usize> {
    let Ok(set) = rustix::thread::sched_getaffinity(None) else {
        return Vec::new();
    };
    (0..rustix::thread::CpuSet::MAX_CPU)
        .filter(|&cpu| set.is_set(cpu))
        .collect()
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn allowed_cpus() -> Vec<usize> {
    Vec::new()
}

/// Keeps worker `index` (0 or 1) to every other allowed CPU, so that the two never wait
/// for the same one. Best effort: a refusal leaves the worker where the system put it.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn keep_to_half(cpus: &[usize], index: usize) {
    if cpus.len() < 2 {
        return;
    }
    let mut set = rustix::thread::CpuSet::new();
    for cpu in half(cpus, index) {
        set.set(cpu);
    }
    let _ = rustix::thread::sched_setaffinity(None, &set);
}

/// Worker `index`'s CPUs: every other one of `cpus`, starting at the `index`th.
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
fn half(cpus: &[usize], index: usize) -> impl Iterator<Item = usize> + '_ {
    cpus.iter().copied().skip(index % 2).step_by(2)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn keep_to_half(_cpus: &[usize], _index: usize) {}

#[cfg(test)]
mod tests {
    use super::half;

    /// The two workers' CPU sets are disjoint, together every allowed CPU, and neither is
    /// empty when there are two CPUs or more (a worker with no CPU would never run).
    #[test]
    fn the_two_halves_share_no_cpu_and_leave_none_out() {
        for cpus in [
            vec![0, 1],
            vec![0, 1, 2],
            vec![3, 5, 8, 9, 12],
            (0..64).collect(),
        ] {
            let first: Vec<usize> = half(&cpus, 0).collect();
            let second: Vec<usize> = half(&cpus, 1).collect();
            assert!(!first.is_empty() && !second.is_empty(), "{cpus:?}");
            assert!(first.iter().all(|c| !second.contains(c)), "{cpus:?}");
            let mut both: Vec<usize> = first.into_iter().chain(second).collect();
            both.sort_unstable();
            assert_eq!(both, cpus);
        }
    }
}
